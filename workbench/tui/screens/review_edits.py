"""The review screen's edits of claims: evidence links, merges and splits, undo and redo.

Mixed into :class:`~workbench.tui.screens.review.ReviewScreen` beside
:class:`~workbench.tui.screens.review_actions.ReviewActions`, whose queue
(:meth:`submit`) commits each of them before the screen shows it done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.store import SearchHit
from workbench.store.history import ACTION_WORDS
from workbench.tui.opening import pick_occurrence
from workbench.tui.screens.review_actions import Outcome

if TYPE_CHECKING:
    from workbench.tui.screens.review import ReviewScreen


def _action_words(event: dict[str, Any]) -> str:
    """An undone or redone action as the reviewer knows it ("the note on claim 7")."""
    return f"the {ACTION_WORDS.get(event['action'], event['action'])} on claim {event.get('claim_id')}"


class ReviewEdits:
    """``self`` is the screen."""

    # -- evidence ----------------------------------------------------------------------
    def shown_claim(self: ReviewScreen) -> int | None:
        """The claim the verdict pane shows, which evidence, merge, notes and split act on.

        Why not the claims cursor's (what verdict keys act on): for a moment after
        a move the panes still show the claim left, with its article, sentence
        cursor and suggestions; "j e" linked that claim's sentence to the next claim.
        Those keys first wait for the panes to show the cursor's claim
        (:meth:`dialog_waits`), so the two are the same when they act.
        """
        return self.detail.claim.id if self.detail is not None else None

    def action_evidence(self: ReviewScreen) -> None:
        """Link the sentence under the article cursor, after asking its stance."""
        if self.dialog_waits(self.action_evidence):  # typed right after a move or verdict: for the claim reached
            return
        span = self.text_view.current_sentence()
        article = self.shown_article
        if self.read_only_refused():
            return
        shown = self.shown_claim()
        # Refused, the keys typed after e were its stance: dropped (as a verdict, "e s" split the claim).
        if shown is None or span is None or article is None:
            self._refuse("Move the sentence cursor in the article pane first")
            return
        aid = article.article.id
        if self.detail is not None and any(
                o.article_id == aid and ((o.start <= span[0] and span[1] <= o.end) or (span[0] <= o.start and o.end <= span[1]))
                for o in self.detail.occurrences):  # the sentence of one of its occurrences, or within one
            # (e right after reaching a claim: the cursor is still on its own quotation)
            self._refuse("That is the claim's own statement: move the sentence cursor (tab, then j/k) to a"
                         " passage that supports or contradicts it")
            return
        self._link(shown, aid, span, article.body[span[0]:span[1]])

    def action_suggestion(self: ReviewScreen, number: int) -> None:
        """Link suggested passage ``number`` (1-based) as evidence."""
        if self.dialog_waits(lambda: self.action_suggestion(number)):  # typed right after a move or verdict: for the claim reached
            return
        if self.read_only_refused():
            return
        shown = self.shown_claim()
        if shown is None or not 0 < number <= len(self.suggestions):
            self._refuse(f"No suggestion {number} for this claim")  # (the keys after it: its stance)
            return
        hit: SearchHit = self.suggestions[number - 1]
        self._link(shown, hit.article_id, (hit.start, hit.end), hit.text)

    def _link(self: ReviewScreen, claim_id: int, article_id: int, span: tuple[int, int],
              passage: str) -> None:
        from workbench.tui.screens.stance import StancePicker

        def chosen(stance: str | None) -> None:
            if stance is None:
                return

            def job() -> Outcome:
                self.store.add_evidence(claim_id, article_id, span[0], span[1], stance, self.reviewer)
                self._last_rev.pop(claim_id, None)
                return Outcome(select=claim_id, notice=f"Linked as evidence ({stance}).")

            self.submit("evidence", job)

        self.app.push_screen(StancePicker(passage), chosen)

    def action_remove_evidence(self: ReviewScreen) -> None:
        """Unlink one of the claim's evidence passages (chosen from a list)."""
        from workbench.tui.screens.picker import EvidencePicker

        if self.dialog_waits(self.action_remove_evidence):  # typed right after a move or verdict: for the claim reached
            return
        if self.read_only_refused():
            return
        if self.detail is None or not self.detail.evidence:
            self.notify("This claim has no linked evidence.", severity="warning", markup=False)
            return
        claim_id = self.detail.claim.id

        def picked(evidence_id: int | None) -> None:
            if evidence_id is None:
                return

            def job() -> Outcome:
                self.store.remove_evidence(evidence_id, self.reviewer)
                self._last_rev.pop(claim_id, None)
                return Outcome(select=claim_id, notice="Evidence unlinked (ctrl+z brings it back).")

            self.submit("unlink evidence", job)

        self.app.push_screen(EvidencePicker(self.detail.evidence), picked)

    # -- merge and split -------------------------------------------------------------
    def action_merge(self: ReviewScreen) -> None:
        """Merge the selected claim into one picked by typing words of it."""
        from workbench.tui.screens.picker import ClaimPicker

        if self.dialog_waits(self.action_merge):  # typed right after a move or verdict: for the claim reached
            return
        source = self.shown_claim()
        if source is None or self.read_only_refused():
            return

        def picked(target: int | None) -> None:
            if target is None:
                return

            def job() -> Outcome:
                judged = any(v.label or v.note for v in self.store.verdicts(source))
                carried = self.store.merge_claims(source, target, self.reviewer)
                self._last_rev.pop(target, None)
                notice = f"Merged claim {source} into {target}."
                if carried:
                    notice += f" Its verdicts and notes now judge claim {target}."
                elif judged:
                    # The target's own verdicts stand (undo brings the merged claim back).
                    notice += (f" Claim {target} keeps its own verdicts; claim {source}'s stay in its"
                               " history (ctrl+z undoes the merge).")
                return Outcome(select=target, notice=notice)

            self.submit("merge", job)

        self.app.push_screen(ClaimPicker(self.store, source), picked)

    def action_split(self: ReviewScreen) -> None:
        """Split the occurrence shown in the article pane off into its own claim."""
        if self.dialog_waits(self.action_split):  # typed right after a move or verdict: for the claim reached
            return
        if self.detail is None or len(self.detail.occurrences) < 2:
            self.notify("This claim has a single occurrence; nothing to split off.", severity="warning", markup=False)
            return
        occ = self.detail.occurrences[pick_occurrence(self.detail, self.occurrence, self._article_id())]
        self.split(occ.id, occ.outlet or occ.stem)

    def action_split_pick(self: ReviewScreen) -> None:
        """Choose which occurrence to split off from a list."""
        from workbench.tui.screens.picker import OccurrencePicker

        if self.dialog_waits(self.action_split_pick):  # typed right after a move or verdict: for the claim reached
            return
        if self.read_only_refused():
            return
        if self.detail is None or len(self.detail.occurrences) < 2:
            self.notify("This claim has a single occurrence; nothing to split off.", severity="warning", markup=False)
            return
        occs = {o.id: o for o in self.detail.occurrences}

        def picked(occ_id: int | None) -> None:
            if occ_id is not None:
                self.split(occ_id, occs[occ_id].outlet or occs[occ_id].stem)

        self.app.push_screen(OccurrencePicker(self.detail.occurrences), picked)

    def split(self: ReviewScreen, occurrence_id: int, where: str) -> None:
        def job() -> Outcome:
            new_id = self.store.split_occurrence(occurrence_id, self.reviewer)
            return Outcome(select=new_id,
                           notice=f"Split the occurrence in {where} off into claim {new_id}.")

        self.submit("split", job)

    # -- undo / redo ---------------------------------------------------------------------
    def action_undo(self: ReviewScreen) -> None:
        self._undo_or_redo("undo")

    def action_redo(self: ReviewScreen) -> None:
        self._undo_or_redo("redo")

    def _undo_or_redo(self: ReviewScreen, verb: str) -> None:
        if self.held_back(lambda: self._undo_or_redo(verb)):  # after the verdicts typed before it
            return

        def job() -> Outcome:
            event = self.store.undo(self.reviewer) if verb == "undo" else self.store.redo(self.reviewer)
            self._forget_saved_notes()
            if event is None:
                return Outcome(notice=f"Nothing to {verb}.", severity="warning")
            self._last_rev.clear()
            return self._replayed(event, "Undone" if verb == "undo" else "Redone")

        self.submit(verb, job)

    def _replayed(self: ReviewScreen, event: dict[str, Any], done: str) -> Outcome:
        """The outcome of an undo or redo (in the job's thread). A verdict, note or evidence link
        changed one claim's row: it is redrawn in place with the counts, as after a verdict (a
        reload of the list took ~70 ms a press on 30,000 claims); a merge or split reloads."""
        notice = f"{done}: {_action_words(event)}."
        claim_id = event.get("claim_id")
        if "show" in event or claim_id is None:
            return Outcome(select=event.get("show", claim_id), notice=notice)
        return Outcome(select=claim_id, notice=notice, row=self.store.claim_row(claim_id),
                       progress=self.store.progress())
