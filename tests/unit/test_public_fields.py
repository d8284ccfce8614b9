"""Where fields appear publicly is declared once in the data model; these hold the declarations
to the rules every public artefact relies on."""

from __future__ import annotations

from datamodel import LAYERS
from datamodel.layers import PUBLIC_GROUPS, PUBLIC_SECTIONS
from datamodel.schema import FilterKind, Surface


def test_synlighed_is_never_public():
    for layer in LAYERS.values():
        assert layer.field("synlighed").public is None


def test_whatever_appears_anywhere_is_also_in_the_downloads():
    for layer in LAYERS.values():
        for field in layer.fields:
            if field.public is not None:
                assert field.public.on(Surface.DOWNLOAD), (layer.name, field.name)


def test_every_filter_reads_fields_that_the_finder_and_the_map_both_carry():
    for field in LAYERS["erhvervsareal"].fields:
        if field.public is not None and field.public.filter is not None:
            assert field.public.on(Surface.FINDER) and field.public.on(Surface.TILE), field.name


def test_a_shared_filter_key_means_a_group_of_choices():
    by_key: dict[str, list] = {}
    for field in LAYERS["erhvervsareal"].fields:
        if field.public is not None and field.public.filter is not None:
            by_key.setdefault(field.public.filter.key, []).append(field)
    for key, fields in by_key.items():
        if len(fields) > 1:
            assert {f.public.filter.kind for f in fields} == {FilterKind.ALL_TRUE}, key
            assert all(f.public.choice for f in fields), key
            assert len({f.public.group for f in fields}) == 1, key


def test_card_groups_have_labels_and_the_card_has_one_title_and_one_confirmation_line():
    fields = LAYERS["erhvervsareal"].fields
    groups = {f.public.group for f in fields if f.public is not None and f.public.group}
    assert groups <= set(PUBLIC_GROUPS)
    roles = [f.public.role for f in fields if f.public is not None and f.public.role]
    assert sorted(roles) == ["confirmed", "lokalplan", "title"]
    sections = {
        f.public.section
        for f in fields
        if f.public is not None and f.public.on(Surface.CARD) and not f.public.role
    }
    assert None not in sections and sections <= set(PUBLIC_SECTIONS)


def test_contact_details_and_price_are_on_the_card_but_not_in_the_tiles():
    site = LAYERS["erhvervsareal"]
    tiles = site.public_field_names(Surface.TILE)
    card = site.public_field_names(Surface.CARD)
    for name in ("kontakt_navn", "kontakt_email", "kontakt_telefon", "pris_kr_m2"):
        assert name in card and name not in tiles


def test_sort_orders_are_on_finder_fields_with_unique_keys():
    sorts = [
        (f.name, f.public.sort)
        for f in LAYERS["erhvervsareal"].fields
        if f.public is not None and f.public.sort is not None
    ]
    assert {name for name, _ in sorts} >= {"ledigt_areal_m2", "pris_kr_m2", "sidst_bekraeftet"}
    assert len({sort.key for _, sort in sorts}) == len(sorts)
    for name, _ in sorts:
        assert LAYERS["erhvervsareal"].field(name).public.on(Surface.FINDER), name
