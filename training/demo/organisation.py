"""A demo police service: one agency, three regions, twelve stations, five ranks."""

from compliance.models import OrgUnit, Rank

AGENCY = ("National Police Service", "nps")

REGIONS = {
    ("Northern Region", "nps-north"): [
        ("Riverside Station", "nps-north-riverside"),
        ("Hilltop Station", "nps-north-hilltop"),
        ("Old Town Station", "nps-north-oldtown"),
        ("Northern Border Post", "nps-north-border"),
    ],
    ("Central Region", "nps-central"): [
        ("Central Station", "nps-central-central"),
        ("Market District Station", "nps-central-market"),
        ("Airport Station", "nps-central-airport"),
        ("University Station", "nps-central-university"),
    ],
    ("Coastal Region", "nps-coast"): [
        ("Harbour Station", "nps-coast-harbour"),
        ("Seafront Station", "nps-coast-seafront"),
        ("Fishing Port Station", "nps-coast-fishingport"),
        ("Lighthouse Station", "nps-coast-lighthouse"),
    ],
}

RANKS = [
    ("Constable", 10),
    ("Sergeant", 20),
    ("Inspector", 30),
    ("Chief Inspector", 40),
    ("Superintendent", 50),
]


def _child(parent, name, code, kind):
    existing = OrgUnit.objects.filter(code=code).first()
    if existing:
        return existing
    # Re-read the parent: treebeard computes the new path from the parent's child count.
    parent.refresh_from_db()
    return parent.add_child(name=name, code=code, kind=kind)


def seed_organisation():
    """Create the demo agency tree and ranks; return the stations in a stable order."""
    name, code = AGENCY
    agency = OrgUnit.objects.filter(code=code).first() or OrgUnit.add_root(
        name=name, code=code, kind=OrgUnit.Kind.AGENCY
    )
    stations = []
    for (region_name, region_code), region_stations in REGIONS.items():
        region = _child(agency, region_name, region_code, OrgUnit.Kind.REGION)
        for station_name, station_code in region_stations:
            stations.append(_child(region, station_name, station_code, OrgUnit.Kind.STATION))
    for rank_name, seniority in RANKS:
        Rank.objects.get_or_create(name=rank_name, defaults={"seniority": seniority})
    return stations
