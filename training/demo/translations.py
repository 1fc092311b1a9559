"""Demo text outside the course JSON, in the languages the demo course is translated into."""

#: The home page and the course index page.
PAGES = {
    "fr": {
        "home": {
            "title": "Formation de la police aux droits humains",
            "intro": (
                "Apprenez, et montrez que vous avez appris, les normes internationales relatives "
                "au traitement décent des travailleurs migrants et des membres de leur famille."
            ),
            "body": (
                "<p>Dans sa résolution 2001/53, la Commission des droits de l'homme des Nations "
                "Unies a instamment invité les pays de destination à veiller à ce que leurs "
                "forces de police et leurs autorités compétentes en matière de migration "
                "respectent les normes fondamentales relatives au traitement décent des "
                "travailleurs migrants et de leur famille, notamment en organisant des cours de "
                "formation aux droits de l'homme.</p>"
                "<p>Connectez-vous pour voir les formations qui vous sont attribuées, étudiez à "
                "votre rythme sur n'importe quel appareil, passez les évaluations et "
                "téléchargez votre certificat.</p>"
            ),
        },
        "courses": {"title": "Formations"},
    },
    "es": {
        "home": {
            "title": "Formación policial en derechos humanos",
            "intro": (
                "Aprenda, y demuestre que ha aprendido, las normas internacionales sobre el "
                "trato digno de los trabajadores migratorios y de sus familiares."
            ),
            "body": (
                "<p>En su resolución 2001/53, la Comisión de Derechos Humanos de las Naciones "
                "Unidas instó a los países de destino a velar por que sus fuerzas de policía y "
                "sus autoridades de migración competentes respeten las normas básicas relativas "
                "al trato digno de los trabajadores migratorios y de sus familias, entre otras "
                "cosas mediante la organización de cursos de formación en derechos humanos.</p>"
                "<p>Inicie sesión para ver los cursos que se le han asignado, estudie a su ritmo "
                "en cualquier dispositivo, realice las evaluaciones y descargue su "
                "certificado.</p>"
            ),
        },
        "courses": {"title": "Cursos"},
    },
}

#: The final assessment module: its intro, and its text with the quiz's rules filled in.
FINAL_ASSESSMENT = {
    "fr": {
        "intro": "Des questions tirées au hasard dans tous les modules de la formation.",
        "text": (
            "<p>L'évaluation finale tire au hasard {questions} questions dans tous les modules. "
            "Vous disposez de {minutes} minutes et de {attempts} tentatives au plus ; les "
            "réponses sont affichées à la fin.</p>"
        ),
    },
    "es": {
        "intro": "Preguntas extraídas al azar de todos los módulos del curso.",
        "text": (
            "<p>La evaluación final extrae al azar {questions} preguntas de todos los módulos. "
            "Dispone de {minutes} minutos y de un máximo de {attempts} intentos; las respuestas "
            "se muestran al terminar.</p>"
        ),
    },
}
