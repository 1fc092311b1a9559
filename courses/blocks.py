"""StreamField blocks of a module body. Each block renders with the template beside it."""

import copy

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from quizzes import localization

TEMPLATES = "courses/blocks/"

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = TEMPLATES + "figure.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"), help_text=_("A link to the video, e.g. on YouTube."))
    title = blocks.CharBlock(label=_("Title"))
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        required=False,
        help_text=_("Text of what is said, for officers who cannot hear or play the video."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = TEMPLATES + "video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = TEMPLATES + "document.html"


class KeyStandardBlock(blocks.StructBlock):
    """A standard the module teaches, always citing its instrument and article."""

    instrument = blocks.CharBlock(
        label=_("Instrument"),
        help_text=_("Full name, e.g. Code of Conduct for Law Enforcement Officials."),
    )
    article = blocks.CharBlock(label=_("Article"), help_text=_("e.g. Article 16(5)."))
    summary = blocks.TextBlock(label=_("What it requires"))
    link = blocks.URLBlock(label=_("Link to the text"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Key standard")
        template = TEMPLATES + "key_standard.html"


class CaseStudyOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Option"))
    discussion = blocks.TextBlock(label=_("Discussion"), help_text=_("Shown once chosen."))
    is_best = blocks.BooleanBlock(label=_("Best course of action"), required=False)


class CaseStudyBlock(blocks.StructBlock):
    """A scenario: the officer chooses an option, then reads the discussion of it."""

    title = blocks.CharBlock(label=_("Title"))
    situation = blocks.TextBlock(label=_("Situation"))
    question = blocks.CharBlock(label=_("Question"), default=_("What should the officer do?"))
    options = blocks.ListBlock(CaseStudyOptionBlock(), min_num=2, label=_("Options"))

    class Meta:
        icon = "help"
        label = _("Case study")
        template = TEMPLATES + "case_study.html"


class QuizChooserBlock(SnippetChooserBlock):
    """Reads the chosen quizzes with their title and description in the reader's language, in
    the query that reads the quizzes."""

    #: It stores what Wagtail's block stores, so migrations name Wagtail's block.
    canonical_module_path = "wagtail.snippets.blocks.SnippetChooserBlock"

    def bulk_to_python(self, values):
        quizzes = localization.with_quiz_texts(self.model_class.objects.all()).in_bulk(values)
        result, seen = [], set()
        for pk in values:
            quiz = quizzes.get(pk)
            result.append(copy.copy(quiz) if quiz is not None and pk in seen else quiz)
            seen.add(pk)
        return result


class QuizBlock(blocks.StructBlock):
    quiz = QuizChooserBlock("quizzes.Quiz", label=_("Quiz"))
    required = blocks.BooleanBlock(
        label=_("Required to complete the module"), required=False, default=True
    )

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = TEMPLATES + "quiz.html"

    # The quiz decides completion, so every translation of a module keeps the quiz of the
    # module in the default language: wagtail-localize copies this block and offers nothing in
    # it to translate or override. Its title and description are shown from the quiz's own
    # translation (one query, none in the default language).
    def get_translatable_segments(self, value):
        return []

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        quiz = value.get("quiz")
        context["shown"] = localization.quiz_texts(quiz) if quiz is not None else {}
        return context

    def restore_translated_segments(self, value, segments):
        return value


class ModuleBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    figure = FigureBlock()
    video = VideoBlock()
    document = DocumentBlock()
    key_standard = KeyStandardBlock()
    case_study = CaseStudyBlock()
    quiz = QuizBlock()
