"""Attribution extraction: who said what, on the project's Mosul and FA-KES sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimgraph.extract.attributions import (
    CONTENT_RULES,
    CUE_KINDS,
    cue_lexicon,
    extract_attributions,
    find_quotes,
    speaker_lexicon,
)
from claimgraph.records import SPEAKER_KINDS, Attribution, Span


def _check_spans(text: str, attributions: list[Attribution]) -> None:
    for attribution in attributions:
        assert attribution.speaker_kind in SPEAKER_KINDS
        for span in (attribution.content, attribution.source, attribution.cue):
            if span is not None:
                assert isinstance(span, Span)
                assert 0 <= span.start < span.end <= len(text)
                assert text[span.start : span.end] == span.text


def _extract(nlp: Language, text: str, publisher: str | None = None) -> list[Attribution]:
    attributions = extract_attributions(nlp(text), publisher)
    _check_spans(text, attributions)
    return attributions


def _one(nlp: Language, text: str, publisher: str | None = None) -> Attribution:
    attributions = _extract(nlp, text, publisher)
    assert len(attributions) == 1, attributions
    return attributions[0]


def _by_content(attributions: list[Attribution], start: str) -> Attribution:
    found = [a for a in attributions if a.content.text.startswith(start)]
    assert len(found) == 1, (start, attributions)
    return found[0]


# ---- the Mosul reports ---------------------------------------------------------


def test_publisher_sources_report(nlp: Language) -> None:
    text = (
        "Our military and intelligence sources report that they arrived to discuss how to "
        "synchronise the operations of the two jihadist strongholds, after the Islamist leaders "
        "occupying Mosul changed course about leaving the city and decided to stay put."
    )
    attributions = _extract(nlp, text, "DEBKAfile")
    a = _by_content(attributions, "they arrived")
    assert a.speaker_kind == "publisher"
    assert a.speaker == "DEBKAfile"
    assert a.source is not None and a.source.text == "Our military and intelligence sources"
    assert a.cue is not None and a.cue.text == "report"
    assert a.content.text.startswith("they arrived")
    assert a.content.text.endswith("decided to stay put")
    assert not a.direct
    # The leaders' decision inside it is the publisher's claim, not the leaders' word.
    assert len(attributions) == 1


def test_publisher_without_a_name_is_the_source_phrase(nlp: Language) -> None:
    text = (
        "Our sources report meanwhile that some of the ISIS fighters who quit Mosul in the early "
        "stage of the Iraqi offensive are turning back"
    )
    a = _one(nlp, text)
    assert a.speaker_kind == "publisher"
    assert a.speaker == "our sources"
    assert a.content.text.startswith("some of the ISIS fighters")


def test_trailing_media_attribution(nlp: Language) -> None:
    text = (
        "But Iran, anxious that ISIS fighters might sweep back into Syria just as its ally "
        "President Bashar Al Assad was gaining the upper hand in his country’s civil war, wanted "
        "ISIS eliminated in Mosul, Reuters reported."
    )
    attributions = _extract(nlp, text)
    a = _by_content(attributions, "Iran, anxious that")
    assert (a.speaker, a.speaker_kind, a.direct) == ("Reuters", "media_outlet", False)
    assert a.cue is not None and a.cue.text == "reported"
    assert a.content.text.startswith("Iran, anxious that")
    assert a.content.text.endswith("wanted ISIS eliminated in Mosul")
    assert len(attributions) == 1  # what Iran wanted is Reuters' report, not Iran's word


def test_bbc_reported(nlp: Language) -> None:
    text = "They later spread out across Syria, making it as far as Turkey, BBC reported."
    a = _one(nlp, text)
    assert (a.speaker, a.speaker_kind) == ("BBC", "media_outlet")
    assert a.content.text == "They later spread out across Syria, making it as far as Turkey"


def test_quote_before_cue_and_its_continuation(nlp: Language) -> None:
    text = (
        "“When we closed the door, it was very nasty business,” one coalition officer said. "
        "“To choose where you eradicate an entire people is a tough decision. For the final five "
        "months in Mosul — no golden path to leave. In all other operations this was allowed.” "
        "The United States-led coalition acquiesced to the new reality."
    )
    # The quote that goes on in the same paragraph is one statement with the first
    # (PolNeAR's convention): the content runs from the first quote to the last.
    a = _one(nlp, text)
    assert a.content.text.startswith("When we closed the door, it was very nasty business")
    assert a.content.text.endswith("In all other operations this was allowed.")
    assert "To choose where" in a.content.text
    assert (a.speaker, a.speaker_kind, a.direct) == ("one coalition officer", "anonymous", True)
    assert a.cue is not None and a.cue.text == "said"


def test_quote_after_reported_speech_is_its_own(nlp: Language) -> None:
    text = (
        "One coalition officer said the door had been closed. "
        "“To choose where you eradicate an entire people is a tough decision.” "
        "The United States-led coalition acquiesced to the new reality."
    )
    first, second = _extract(nlp, text)
    assert first.content.text == "the door had been closed"
    assert not first.direct
    assert (
        second.content.text == "To choose where you eradicate an entire people is a tough decision."
    )
    assert (second.speaker, second.speaker_kind, second.direct) == (
        "one coalition officer",
        "anonymous",
        True,
    )
    assert second.cue is None
    assert second.source == first.source


def test_reported_speech_trailed_by_anonymous_source(nlp: Language) -> None:
    text = (
        "The United States-led coalition acquiesced to the new reality on the ground, aware that "
        "if ISIS were allowed to escape as in previous battles, it would regroup along the "
        "Syrian-Iraqi border where the coalition had limited operational capabilities, a senior "
        "western diplomat said."
    )
    a = _one(nlp, text)
    assert (a.speaker, a.speaker_kind, a.direct) == (
        "a senior western diplomat",
        "anonymous",
        False,
    )
    assert a.content.text.startswith("The United States-led coalition acquiesced")
    assert a.content.text.endswith("limited operational capabilities")


def test_inverted_named_speaker_then_uncued_quote(nlp: Language) -> None:
    text = (
        "There is no obligation under international humanitarian law to allow combatants an escape "
        "route, said Dustin A Lewis, a senior researcher at the Harvard Law School Programme on "
        "International Law and Armed Conflict. “An obligation is on ISIS to protect civilians or "
        "let them leave safely, and another obligation is on the other side to take constant care "
        'to spare civilians in conducting military operations against ISIS."'
    )
    said, quote = _extract(nlp, text)
    assert (said.speaker, said.speaker_kind, said.direct) == (
        "Dustin A Lewis",
        "named_person",
        False,
    )
    assert said.source is not None and said.source.text == "Dustin A Lewis"
    assert said.content.text == (
        "There is no obligation under international humanitarian law to allow combatants an "
        "escape route"
    )
    assert (quote.speaker, quote.speaker_kind, quote.direct) == (
        "Dustin A Lewis",
        "named_person",
        True,
    )
    assert quote.content.text.startswith("An obligation is on ISIS")
    assert quote.content.text.endswith("military operations against ISIS.")


def test_he_resolves_to_anonymous_description(nlp: Language) -> None:
    text = (
        "One of the soldiers, his face scarred by shrapnel, recounted the final days of fighting. "
        "“Around 15 per cent of the civilians managed to flee, the others are in there,” he said, "
        "pointing to the murky waters of the Tigris. “We had to kill everyone. We couldn't tell "
        "friends from enemies.”"
    )
    attributions = _extract(nlp, text)
    said = _by_content(attributions, "Around 15 per cent")
    assert (said.speaker, said.speaker_kind, said.direct) == (
        "one of the soldiers",
        "anonymous",
        True,
    )
    assert said.source is not None and said.source.text == "he"
    assert said.content.text.endswith("We couldn't tell friends from enemies.")  # goes on


def test_quote_split_around_the_cue(nlp: Language) -> None:
    text = "“Looking back,” one Iraqi commander said, “we should have let ISIS escape.”"
    a = _one(nlp, text)
    # One statement: a Span has no gap, so the reporting clause lies inside it.
    assert (
        a.content.text
        == "Looking back,” one Iraqi commander said, “we should have let ISIS escape."
    )
    assert (a.speaker, a.speaker_kind, a.direct) == ("one Iraqi commander", "anonymous", True)
    assert a.cue is not None and a.cue.text == "said"
    # The pieces are the speaker's own words, without the reporting clause.
    assert [p.text for p in a.pieces] == ["Looking back", "we should have let ISIS escape."]
    assert all(text[p.start : p.end] == p.text for p in a.pieces)


def test_one_quote_has_no_pieces(nlp: Language) -> None:
    a = _one(nlp, "“We should have let ISIS escape,” one Iraqi commander said.")
    assert a.pieces == []


def test_the_mother_and_the_diplomat_refer_back(nlp: Language) -> None:
    text = (
        "Officials spoke, a senior western diplomat said. "
        "“It was the best decision. Without that deal, my daughter and son would have died,” said "
        "one Raqqa resident, whose adult children were detained in Raqqa by ISIS fighters. “They "
        "were injured, but at least they are alive,” the mother said. “Too many civilians died.” "
        "“Hundreds of thousands miraculously made it out alive,” the western diplomat said."
    )
    attributions = _extract(nlp, text)
    resident = _by_content(attributions, "It was the best decision")
    assert (resident.speaker, resident.speaker_kind) == ("one Raqqa resident", "anonymous")
    assert resident.cue is not None and resident.cue.text == "said"
    mother = _by_content(attributions, "They were injured")
    assert mother.speaker == "one Raqqa resident"
    assert mother.source is not None and mother.source.text == "the mother"
    assert mother.content.text.endswith("Too many civilians died.")
    # The quote that goes on after "the mother said." is a second piece of her words.
    assert [p.text for p in mother.pieces] == [
        "They were injured, but at least they are alive",
        "Too many civilians died.",
    ]
    diplomat = _by_content(attributions, "Hundreds of thousands")
    assert diplomat.speaker == "a senior western diplomat"


def test_organization_naming_verb(nlp: Language) -> None:
    text = (
        "One million more were moved to safety in what the United Nations has called the largest "
        "managed evacuation from a combat zone in modern history."
    )
    a = _one(nlp, text)
    assert (a.speaker, a.speaker_kind) == ("United Nations", "organization")
    assert a.cue is not None and a.cue.text == "called"
    assert a.content.text == "the largest managed evacuation from a combat zone in modern history"


def test_nested_attribution_and_scare_quote(nlp: Language) -> None:
    text = (
        "One American officer allegedly told his Iraqi counterparts they were “cowards” for not "
        "wanting to finish off the ISIS fighters, the western diplomat said."
    )
    # What the officer told them is the diplomat's account, not the officer's word: the
    # cue inside the diplomat's content is not read, as inside a quotation.
    outer = _one(nlp, text)
    assert outer.content.text.startswith("One American officer allegedly told")
    assert (outer.speaker, outer.speaker_kind, outer.direct) == (
        "the western diplomat",
        "anonymous",
        False,
    )
    assert outer.cue is not None and outer.cue.text == "said"  # and "allegedly" is theirs


def test_mosul_report(nlp: Language, examples_dir: Path) -> None:
    path = next(examples_dir.rglob("the-national-mosul-back-door.txt"))
    text = path.read_text(encoding="utf-8")
    attributions = _extract(nlp, text, "The National")
    speakers = {(a.speaker, a.speaker_kind) for a in attributions if a.cue is not None}
    assert {
        ("Reuters", "media_outlet"),
        ("BBC", "media_outlet"),
        ("one coalition officer", "anonymous"),
        ("a senior western diplomat", "anonymous"),
        ("one of the soldiers", "anonymous"),
        ("one Iraqi commander", "anonymous"),
        ("one Raqqa resident", "anonymous"),
        ("Dustin A Lewis", "named_person"),
        ("United Nations", "organization"),
    } <= speakers
    starts = [a.content.start for a in attributions]
    assert starts == sorted(starts)


# ---- FA-KES style: commas stripped, straight quotes --------------------------------


FAKES = (
    "A U.S. missile strike on an airbase near the Syrian city of Homs on Friday caused deaths but "
    'is not believed to have resulted in "big human casualties" Homs Governor Talal Barazi said. '
    '""I believe - God willing - that the human casualties are not big"" he told Reuters by '
    "telephone. Speaking to Syrian state TV Barazi said the fire was under control. U.S. officials "
    "said the military fired dozens of cruise missiles against the base. At least five people "
    "were killed according to the Syrian Observatory for Human Rights."
)


def test_fakes_named_governor(nlp: Language) -> None:
    attributions = _extract(nlp, FAKES)
    governor = _by_content(attributions, "A U.S. missile strike")
    assert (governor.speaker, governor.speaker_kind, governor.direct) == (
        "Talal Barazi",
        "named_person",
        False,
    )
    assert governor.source is not None and governor.source.text == "Homs Governor Talal Barazi"
    assert governor.content.text.endswith('"big human casualties"')


def test_fakes_pronoun_and_doubled_quotes(nlp: Language) -> None:
    told = _by_content(_extract(nlp, FAKES), "I believe")
    assert (told.speaker, told.speaker_kind, told.direct) == ("Talal Barazi", "named_person", True)
    assert told.content.text == "I believe - God willing - that the human casualties are not big"
    assert told.cue is not None and told.cue.text == "told"
    assert told.source is not None and told.source.text == "he"


def test_fakes_speaking_to_state_tv(nlp: Language) -> None:
    a = _by_content(_extract(nlp, FAKES), "the fire was under control")
    assert (a.speaker, a.speaker_kind) == ("Talal Barazi", "named_person")
    assert a.source is not None and a.source.text == "Barazi"


def test_fakes_officials_and_observatory(nlp: Language) -> None:
    attributions = _extract(nlp, FAKES)
    officials = _by_content(attributions, "the military fired")
    assert (officials.speaker, officials.speaker_kind) == ("U.S. officials", "anonymous")
    observatory = _by_content(attributions, "At least five people were killed")
    assert observatory.speaker_kind == "organization"
    assert observatory.speaker == "Syrian Observatory for Human Rights"
    assert observatory.cue is not None and observatory.cue.text == "according to"


# ---- further rules ---------------------------------------------------------------


def test_according_to_at_sentence_start(nlp: Language) -> None:
    a = _one(nlp, "According to state media, 20 people died in the attack.")
    assert (a.speaker_kind, a.content.text) == ("media_outlet", "20 people died in the attack")
    assert a.source is not None and a.source.text == "state media"


def test_cue_before_quote(nlp: Language) -> None:
    a = _one(nlp, "Pentagon spokesman Jeff Davis told reporters: “We will not leave.”")
    assert (a.speaker, a.speaker_kind, a.direct) == ("Jeff Davis", "named_person", True)
    assert a.content.text == "We will not leave."


def test_surname_and_he_added(nlp: Language) -> None:
    text = (
        "Talal Barazi said the fire was under control. Barazi said the base was hit. "
        "The airport is closed, he added."
    )
    attributions = _extract(nlp, text)
    assert {a.speaker for a in attributions} == {"Talal Barazi"}
    added = _by_content(attributions, "The airport is closed")
    assert added.cue is not None and added.cue.text == "added"


def test_parenthetical_and_participle_cues(nlp: Language) -> None:
    text = (
        "The raid, officials said, killed a senior commander. "
        "The attack killed 20 people, the ministry said, adding that 30 were wounded."
    )
    attributions = _extract(nlp, text)
    raid = _by_content(attributions, "The raid")
    assert (raid.speaker, raid.speaker_kind) == ("officials", "anonymous")
    assert raid.content.text == "The raid, officials said, killed a senior commander"
    said = _by_content(attributions, "The attack killed 20 people")
    adding = _by_content(attributions, "30 were wounded")
    assert said.speaker == adding.speaker == "the ministry"
    assert adding.cue is not None and adding.cue.text == "adding"


def test_role_with_name_in_apposition(nlp: Language) -> None:
    a = _one(nlp, "A spokesman for the coalition, Col. Ryan Dillon, said the strikes continued.")
    assert (a.speaker, a.speaker_kind) == ("Ryan Dillon", "named_person")
    assert a.source is not None and a.source.text == "A spokesman for the coalition"


def test_descriptions_lose_sentence_capitals_only(nlp: Language) -> None:
    text = (
        "Witnesses said the bombing lasted an hour. Iraqi officials said it failed. "
        "A resident who said he saw the strike was arrested."
    )
    speakers = [a.speaker for a in _extract(nlp, text)]
    assert speakers == ["witnesses", "Iraqi officials", "a resident"]


def test_they_and_it_refer_to_organizations(nlp: Language) -> None:
    text = (
        "Russia and Iran said the strikes were illegal. They added that they would respond. "
        "The ministry said 20 died. It added that 30 were hurt."
    )
    attributions = _extract(nlp, text)
    assert _by_content(attributions, "they would respond").speaker == "Russia and Iran"
    assert _by_content(attributions, "30 were hurt").speaker == "the ministry"


def test_hedges_without_a_source(nlp: Language) -> None:
    text = "ISIS reportedly lost 300 fighters. It is believed that ISIS has 9,000 fighters."
    reportedly, believed = _extract(nlp, text)
    assert (reportedly.speaker, reportedly.speaker_kind, reportedly.source) == (
        None,
        "unattributed",
        None,
    )
    assert reportedly.cue is not None and reportedly.cue.text == "reportedly"
    assert believed.content.text == "ISIS has 9,000 fighters"
    assert believed.speaker_kind == "unattributed"


def test_no_attribution_without_a_claim(nlp: Language) -> None:
    text = (
        "He did not say that the city had fallen. The US added 500 troops. Macabrely labelled "
        "“the kill box”, the area was targeted. “We had to kill everyone,” I think."
    )
    assert _extract(nlp, text) == []


def test_empty_and_unparsed_documents(nlp: Language) -> None:
    assert extract_attributions(nlp(""), None) == []
    assert extract_attributions(nlp.make_doc("Reuters said the town fell."), None) == []


# ---- beliefs, intentions and positions: content by syntax --------------------------


def test_open_complement_is_an_intention(nlp: Language) -> None:
    a = _one(nlp, "The ministry plans to raise taxes next year.")
    assert (a.speaker, a.speaker_kind) == ("the ministry", "organization")
    assert a.cue is not None and a.cue.text == "plans"
    assert (a.content.text, a.direct) == ("to raise taxes next year", False)


def test_object_before_open_complement_belongs_to_it(nlp: Language) -> None:
    a = _one(nlp, "The governor urged residents to leave the city before dawn.")
    assert a.content.text == "residents to leave the city before dawn"
    assert a.cue is not None and a.cue.text == "urged"


def test_direct_object_of_a_position_verb(nlp: Language) -> None:
    a = _one(nlp, "The army denied the report.")
    assert (a.speaker, a.content.text) == ("the army", "the report")
    cited = _one(nlp, "Activists cited the attack as proof of the use of chemical weapons.")
    # The content runs on through the complements after the object.
    assert cited.content.text == "the attack as proof of the use of chemical weapons"


def test_prepositional_content(nlp: Language) -> None:
    called = _one(nlp, "The UN called for a ceasefire in Aleppo.")
    assert (called.speaker, called.content.text) == ("United Nations", "a ceasefire in Aleppo")
    warned = _one(nlp, "Officials warned of a new offensive on the town.")
    assert warned.content.text == "a new offensive on the town"
    # "of" hung on the object: the accusation keeps whom it accuses.
    accused = _one(nlp, "The opposition accused the regime of shelling the hospital.")
    assert accused.content.text == "the regime of shelling the hospital"


def test_a_clause_the_parser_hung_on_the_object(nlp: Language) -> None:
    text = "He told a meeting of Pacific Island leaders that few people understood the stakes."
    a = _one(nlp, text)
    assert a.content.text == "few people understood the stakes"


def test_nominal_cues(nlp: Language) -> None:
    plan = _one(nlp, "The ministry's plan to evacuate the town was shelved.")
    assert (plan.speaker, plan.speaker_kind) == ("the ministry", "organization")
    assert plan.source is not None and plan.source.text == "The ministry"
    assert plan.cue is not None and plan.cue.text == "plan"
    assert plan.content.text == "to evacuate the town"
    text = "Talal Barazi spoke to state TV. His claim that the city had fallen was denied."
    claim = _by_content(_extract(nlp, text), "the city had fallen")
    assert (claim.speaker, claim.speaker_kind) == ("Talal Barazi", "named_person")
    # A nominal cue with no one to credit gives nothing.
    assert _extract(nlp, "The claim that the city had fallen was denied.") == []


def test_as_someone_said(nlp: Language) -> None:
    before = _one(nlp, "As the commander said, the road to Raqqa is open.")
    after = _one(nlp, "The road to Raqqa is open, as the commander said.")
    assert before.content.text == "the road to Raqqa is open"
    assert after.content.text == "The road to Raqqa is open"
    assert before.speaker == after.speaker == "the commander"


def test_lemmatizer_slips_on_cue_verbs(nlp: Language) -> None:
    # The small model's lemmatizer makes "hoped" "hop".
    a = _one(nlp, "Residents hoped the siege would end soon.")
    assert (a.cue.text if a.cue else None, a.content.text) == ("hoped", "the siege would end soon")


def test_transcript_turns_and_name_colon_headlines(nlp: Language) -> None:
    text = (
        "Mike Pence spoke to Chris Wallace.\n\n"
        "WALLACE: Will Gennifer Flowers be there?\n\n"
        "PENCE: Well, look, she will not be attending the debate.\n\n"
        "Photo: the debate hall in Hempstead."
    )
    attributions = _extract(nlp, text)
    wallace = _by_content(attributions, "Will Gennifer Flowers")
    assert (wallace.speaker, wallace.speaker_kind) == ("Chris Wallace", "named_person")
    assert wallace.cue is not None and wallace.cue.text == ":"
    pence = _by_content(attributions, "Well, look")
    assert pence.speaker == "Mike Pence"
    assert pence.content.text.endswith("will not be attending the debate")
    assert not any(a.content.text.startswith("the debate hall") for a in attributions)


def test_split_quote_with_a_leading_adverb_inside_the_quote(nlp: Language) -> None:
    text = (
        "“Now that I don’t have to be politically correct anymore,” he told The Daily Caller, "
        "“it was demoralizing to work for Obama.”"
    )
    a = _one(nlp, text)
    assert a.content.text.startswith("Now that I don’t have to be")
    assert a.content.text.endswith("demoralizing to work for Obama.")
    assert a.direct


def test_positions_stand_alone_outside_reported_speech(nlp: Language) -> None:
    wanted = _one(nlp, "Iran wanted ISIS eliminated in Mosul.")
    assert (wanted.speaker, wanted.content.text) == ("Iran", "ISIS eliminated in Mosul")
    assert wanted.cue is not None and wanted.cue.text == "wanted"


def test_passive_with_agent_credits_the_agent_with_the_subject(nlp: Language) -> None:
    a = _one(nlp, "The registration issue was first reported by The Washington Post.")
    assert (a.speaker, a.speaker_kind) == ("Washington Post", "media_outlet")
    assert a.content.text == "The registration issue"


def test_indefinite_pronouns_are_unnamed_sources(nlp: Language) -> None:
    text = "Someone asked how the town could be rebuilt. Some of the fighters said it was over."
    asked, said = _extract(nlp, text)
    assert (asked.speaker, asked.speaker_kind) == ("someone", "anonymous")
    assert asked.content.text == "how the town could be rebuilt"
    assert (said.speaker, said.speaker_kind) == ("some of the fighters", "anonymous")


def test_quote_going_on_the_sentence_goes_on_after(nlp: Language) -> None:
    text = (
        "“It is more tinkering at the edges,” said Alan Cole, an economist. "
        "“It is basically just a tax increase” for the top income bracket. The plan passed."
    )
    a = _one(nlp, text)
    assert a.content.text.startswith("It is more tinkering at the edges")
    assert a.content.text.endswith("just a tax increase")  # not the writer's words after it


def test_negated_intentions_are_not_attributed(nlp: Language) -> None:
    assert _extract(nlp, "The general did not plan to retreat.") == []


# ---- quotation marks --------------------------------------------------------------


def _quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_find_quotes_pairs_marks() -> None:
    assert _quoted("“A,” he said, “B.”") == ["A,", "B."]
    assert _quoted('He said "A" and "B".') == ["A", "B"]
    assert _quoted('""doubled"" quote') == ["doubled"]
    assert _quoted('“mixed marks." Then') == ["mixed marks."]
    assert _quoted("«guillemets»") == ["guillemets"]
    assert _quoted("''It's anti-reform,'' he said.") == ["It's anti-reform,"]  # newspaper archives
    assert _quoted("The mayor's car and the rebels' base") == []


def test_find_quotes_drops_strays() -> None:
    assert _quoted("a stray “ mark then “a quote”") == ["a quote"]
    assert _quoted("“unclosed quote") == []
    assert _quoted("closing only” here") == []
    assert _quoted("“first paragraph\n\n“second paragraph”") == [
        "first paragraph",
        "second paragraph",
    ]
    assert _quoted("“open paragraph\n\nplain text") == []


# ---- lexicons ---------------------------------------------------------------------


def test_lexicons_load() -> None:
    cues = cue_lexicon()
    assert {"say", "tell", "report", "recount", "accuse"} <= set(cues.verbs)
    assert ("according", "to") in cues.phrases["according"]
    assert "reportedly" in cues.adverbs
    assert all(cue.kind in CUE_KINDS for group in cues.verbs.values() for cue in group)
    assert all(
        rule.partition(":")[0] in CONTENT_RULES
        for group in cues.verbs.values()
        for cue in group
        for rule in cue.content
    )
    assert cues.verbs["warn"][0].content[0] == "prep:of"
    assert {"claim", "statement", "plan"} <= cues.nouns
    nouns = speaker_lexicon()
    assert nouns.person["mother"] == "f" and "official" in nouns.person
    assert "ministry" in nouns.organization
    assert nouns.media.search("Syrian state TV") and nouns.media.search("al-Mayadeen")
    assert not nouns.media.search("the national army")


# ---- properties -------------------------------------------------------------------

NAMES = st.sampled_from(
    [
        "Talal Barazi",
        "Dustin A Lewis",
        "a senior western diplomat",
        "one Raqqa resident",
        "Reuters",
        "the Syrian Observatory",
        "our sources",
        "US officials",
        "he",
        "she",
        "they",
        "It",
    ]
)
CONTENTS = st.sampled_from(
    [
        "the town fell",
        "20 people were killed in Mosul",
        "ISIS will not leave",
        "it was very nasty business",
        "the fire was under control",
    ]
)
OPEN = st.sampled_from(['"', "“", '""', "«", ""])
CLOSE = st.sampled_from(['"', "”", '""', "»", ""])
TEMPLATES = [
    "{n} said {c}.",
    "{n} said that {c}.",
    "{o}{c},{q} {n} said.",
    "{o}{c}.{q}",
    "{c}, {n} reported.",
    "According to {n}, {c}.",
    "{n} told Reuters by telephone {c}.",
    "said {n}, a senior researcher. {o}{c}.{q}",
    "{o}{c},{q} {n} said, {o}{c}.{q}",
    "Speaking to state TV {n} said {c}.",
    "{c} reportedly.",
    "It is believed that {c}.",
]


@st.composite
def reports(draw: st.DrawFn) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 6))):
        template = draw(st.sampled_from(TEMPLATES))
        sentence = template.format(n=draw(NAMES), c=draw(CONTENTS), o=draw(OPEN), q=draw(CLOSE))
        sentences.append(sentence[:1].upper() + sentence[1:])
    return draw(st.sampled_from([" ", "\n", "\n\n"])).join(sentences)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=reports(), publisher=st.sampled_from([None, "DEBKAfile", ""]))
def test_templated_reports_never_raise(nlp: Language, text: str, publisher: str | None) -> None:
    _extract(nlp, text, publisher)


QUOTEY = st.lists(
    st.sampled_from([*'ab “”"«»„.,:\n', "said", "he", "Reuters", " X said "]), max_size=40
).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=QUOTEY)
def test_unbalanced_quotes_never_raise(nlp: Language, text: str) -> None:
    _extract(nlp, text)
    for quote in find_quotes(text):
        assert quote.open_start < quote.start < quote.end <= quote.close_end <= len(text)


@pytest.mark.parametrize(
    "text",
    ["“", '"', '""', "“”", '" "', "said “", "he said “unclosed", 'said "a" b" c', "\n\n“\n\n”"],
)
def test_degenerate_quotes(nlp: Language, text: str) -> None:
    _extract(nlp, text)


def test_publisher_name_matches_only_as_a_whole_word(nlp) -> None:
    text = "There is no obligation to allow an escape route, said Dustin A Lewis, a researcher."
    (attribution,) = extract_attributions(nlp(text), "S")
    assert (attribution.speaker, attribution.speaker_kind) == ("Dustin A Lewis", "named_person")
