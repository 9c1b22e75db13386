"""The note editor: a multi-line note on a claim that can never be lost.

`escape` does not mean "cancel" here. A reviewer writing a note and pressing
escape out of habit must not lose it, so escape saves, exactly like
`ctrl+s`. There is no discard key: to undo a note, undo the action.

When the note was saved from another window while the reviewer's own text
waited (its save was refused, so as not to overwrite that), the editor opens
on both, the saved note first, and saves exactly what the reviewer leaves.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static, TextArea

from workbench.tui.screens.dialog import Dialog


class NoteEditor(Dialog[str | None]):
    """Edit a note; dismisses with the text, or ``None`` when nothing changed.

    ``None`` on no change lets the caller skip a write (and an undo step)
    when the editor was only opened to read the note.
    """

    DEFAULT_CSS = """
    NoteEditor > #dialog {
        width: 90;
        height: 24;
        max-height: 90%;
    }
    NoteEditor TextArea {
        height: 1fr;
    }
    NoteEditor .hint {
        height: 1;
    }
    NoteEditor #saved-elsewhere {
        height: auto;
        color: $warning;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "save",
            "Save and close",
            id="note.close",
            tooltip="Save the note and close the editor (nothing typed is thrown away)",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="note.save",
            tooltip="Save the note and close the editor",
        ),
    ]

    def __init__(self, initial: str, title: str, saved_elsewhere: str | None = None) -> None:
        """``initial``: the current note ("" for none); ``title``: shown on the border (plain text);
        ``saved_elsewhere``: the note another window saved over the text in ``initial``, if any."""
        super().__init__()
        self.initial = initial
        self.note_title = title
        self.saved_elsewhere = saved_elsewhere

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            # Border titles are parsed as markup when given a str; a Content
            # keeps a claim's "[bold]" literal.
            dialog.border_title = Content(self.note_title)
            if self.saved_elsewhere is not None:
                yield Static(Content(
                    ("Saved in another window meanwhile: that note comes first, then your text."
                     if self.saved_elsewhere else
                     "The note was cleared in another window meanwhile; your text is below.")
                    + " Keep what you want: saving writes exactly what is here."
                ), id="saved-elsewhere")
            editor = TextArea(
                self.initial,
                soft_wrap=True,
                language=None,
                tab_behavior="focus",
                show_line_numbers=False,
                id="note",
            )
            # A blinking cursor makes screenshots and snapshot tests flaky and
            # tells a reviewer nothing.
            editor.cursor_blink = False
            yield editor
            yield Static(classes="hint", id="hint")

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)
        self.show_hints()

    @property
    def text(self) -> str:
        """What the editor holds now."""
        return self.query_one(TextArea).text

    def result(self) -> str | None:
        """What saving hands back: the text (``None`` when it is unchanged, unless it holds
        another window's note and the reviewer's, which is then what they chose)."""
        text = self.text
        return None if text == self.initial and self.saved_elsewhere is None else text

    def action_save(self) -> None:
        """Close, handing back :meth:`result`."""
        self.dismiss(self.result())
