"""Quiz text in the reader's language, with the default language as the fallback.

A quiz, its questions and their options in the default locale (``LANGUAGE_CODE``) are the
quiz itself: its pool, the options an officer submits and the records of every attempt refer
to them only. A translation (Wagtail's localisation, edited with wagtail-localize) carries
the texts in another language and nothing else, so:

- listings, choosers, pools, draws, imports and reports read the default locale only
  (:func:`in_default_locale`);
- an attempt's pages show its snapshot (in the default language) with each text replaced by
  its translation in the active language where one exists (:func:`attempt_texts`, one query,
  none in the default language). Text shown in place of a missing translation is marked with
  the default language for a ``lang`` attribute. A translated text identical to its source is
  treated as missing: wagtail-localize saves a snippet translation as soon as it is
  requested, with the source text in the segments not yet translated.
"""

from django.conf import settings
from django.db.models import CharField, OuterRef, Subquery, TextField, Value
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

from .models import Answer, Question, Quiz


def default_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def active_language():
    """The content language for the active UI language (the default one if it has none)."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return default_language()


def in_default_locale(queryset, prefix=""):
    """``queryset`` without translations: the rows in the default locale (a join, no query).

    ``prefix`` reaches a related model's locale, e.g. ``"question__"``.
    """
    return queryset.filter(**{f"{prefix}locale__language_code": default_language()})


def source_quiz_queryset():
    return in_default_locale(Quiz.objects.all())


def source_question_queryset():
    return in_default_locale(Question.objects.all())


# Texts of an attempt


#: The translated fields read for each model, padded to the same number of columns.
TEXT_FIELDS = {
    "quiz": (Quiz, ("title", "description", "success_text", "fail_text")),
    "question": (Question, ("content", "explanation", "cites_instrument", "cites_article")),
    "answer": (Answer, ("content",)),
}
COLUMNS = 4


class Texts:
    """The translations of a quiz's texts in one language, keyed by the source rows' ids.

    ``translations[kind][source id]`` is a tuple of the translated fields of ``TEXT_FIELDS``
    (None where that row has no translation).
    """

    def __init__(self, language, translations=None):
        self.language = language
        self.is_default = language == default_language()
        self.translations = translations or {}

    def text(self, kind, source_id, field, source_text):
        """``(text, lang)``: the translation, or the source text and the default language."""
        source_text = source_text or ""
        if self.is_default or not source_text:
            return source_text, ""
        names = TEXT_FIELDS[kind][1]
        row = self.translations.get(kind, {}).get(source_id)
        translated = row[names.index(field)] if row is not None else None
        if translated and translated != source_text:
            return translated, ""
        return source_text, default_language()

    def quiz(self, snapshot):
        """A copy of a quiz's snapshot (or of a dict with its ``id`` and texts) with each text
        shown, and its language in ``<name>_lang``."""
        shown = dict(snapshot)
        for name in TEXT_FIELDS["quiz"][1]:
            if name in snapshot:
                shown[name], shown[f"{name}_lang"] = self.text(
                    "quiz", snapshot.get("id"), name, snapshot[name]
                )
        return shown

    def question(self, snapshot):
        """A copy of a question snapshot with its texts shown, each with a ``<name>_lang``
        (each option's in ``lang``). Option ids stay those of the source options: they are
        what a submission carries."""
        shown = dict(snapshot)
        for name in TEXT_FIELDS["question"][1]:
            shown[name], shown[f"{name}_lang"] = self.text(
                "question", snapshot["id"], name, snapshot.get(name)
            )
        parts = [name for name in ("cites_instrument", "cites_article") if shown.get(name)]
        if parts:
            shown["citation"] = ", ".join(shown[name] for name in parts)
            # Marked only when the whole citation is in the default language.
            shown["citation_lang"] = min(shown[f"{name}_lang"] for name in parts)
        answers = []
        for answer in snapshot.get("answers", ()):
            content, lang = self.text("answer", answer["id"], "content", answer["content"])
            answers.append({**answer, "content": content, "lang": lang})
        shown["answers"] = answers
        return shown


def _text_rows(kind, ids, language):
    model, fields = TEXT_FIELDS[kind]
    translations = model.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=language
    ).order_by()
    columns = [Subquery(translations.values(name)[:1], output_field=TextField()) for name in fields]
    columns += [Value(None, output_field=TextField())] * (COLUMNS - len(fields))
    return (
        model.objects.filter(pk__in=ids)
        .order_by()
        .values_list(Value(kind, output_field=CharField()), "pk", *columns)
    )


def texts_for(quiz_ids=(), question_ids=(), answer_ids=(), *, language=None):
    """The translations of these source rows' texts in ``language`` (the active one by
    default): one query, none in the default language."""
    language = language or active_language()
    texts = Texts(language)
    if texts.is_default:
        return texts
    wanted = {"quiz": quiz_ids, "question": question_ids, "answer": answer_ids}
    queries = [_text_rows(kind, list(ids), language) for kind, ids in wanted.items() if ids]
    if not queries:
        return texts
    rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    for kind, pk, *values in rows:
        texts.translations.setdefault(kind, {})[pk] = tuple(values)
    return texts


#: The texts of a quiz that :func:`with_quiz_texts` reads along with it.
QUIZ_CARD_FIELDS = ("title", "description")


def with_quiz_texts(queryset):
    """Quizzes (in the default locale) read with their title and description in the active
    language, in the same query, for :func:`quiz_texts`."""
    language = active_language()
    if language == default_language():
        return queryset
    translations = Quiz.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=language
    ).order_by()
    return queryset.annotate(
        **{
            f"translated_{name}": Subquery(translations.values(name)[:1], output_field=TextField())
            for name in QUIZ_CARD_FIELDS
        }
    )


def quiz_texts(quiz, *, language=None):
    """``quiz``'s title and description as :meth:`Texts.quiz` shows them: one query, none in
    the default language or for a quiz read with :func:`with_quiz_texts`."""
    fields = {"id": quiz.pk, **{name: getattr(quiz, name) for name in QUIZ_CARD_FIELDS}}
    if language is None and hasattr(quiz, "translated_title"):
        texts = Texts(active_language())
        names = TEXT_FIELDS["quiz"][1]
        texts.translations["quiz"] = {
            quiz.pk: tuple(getattr(quiz, f"translated_{name}", None) for name in names)
        }
        return texts.quiz(fields)
    return texts_for(quiz_ids=[quiz.pk], language=language).quiz(fields)


def attempt_texts(attempt, *, language=None):
    """The translations of everything an attempt's pages may show, in one query."""
    questions = attempt.snapshot.get("questions", {}).values()
    quiz_id = attempt.snapshot.get("quiz", {}).get("id") or attempt.quiz_id
    return texts_for(
        quiz_ids=[quiz_id] if quiz_id else [],
        question_ids=[question["id"] for question in questions],
        answer_ids=[
            answer["id"] for question in questions for answer in question.get("answers", ())
        ],
        language=language,
    )
