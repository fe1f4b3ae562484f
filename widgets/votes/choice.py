"""What every tab of the votes app shares with the app, as traitlets: the call and the vote chosen
at the top come in (`call_id`, `vote_id`); what a panel did goes out (`changed` for data the other
tabs show, `states` when a vote or call changed state or name, `chosen_call`/`chosen_vote` to move
the choice to what it just made). No panel reaches into the app or another panel."""
from __future__ import annotations

import ipywidgets as w
import traitlets


class ChoicePanel(w.VBox):
    """A tab of the votes app."""

    call_id = traitlets.Int(None, allow_none=True, help="the call chosen at the top")
    vote_id = traitlets.Int(None, allow_none=True, help="the vote chosen at the top")
    changed = traitlets.Int(0, help="counts changes the other tabs should show")
    states = traitlets.Int(0, help="counts changes to the calls' or votes' names and states")
    chosen_call = traitlets.Int(None, allow_none=True, help="a call this panel made, to be chosen")
    chosen_vote = traitlets.Int(None, allow_none=True, help="a vote this panel made, to be chosen")

    def refresh(self) -> None:
        """Show the current choice (each panel says how)."""
