def test_the_openapi_document_describes_units_and_people(client, db):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    doc = response.json()
    assert doc["info"]["title"] == "Thi Đua API"
    assert doc["info"]["version"] == "1"
    organisation_paths = sorted(
        p for p in doc["paths"] if p == "/api/v1/me" or p.startswith(("/api/v1/people", "/api/v1/units"))
    )
    assert organisation_paths == [
        "/api/v1/me",
        "/api/v1/people",
        "/api/v1/people/ratings/{year}",
        "/api/v1/people/{person_id}",
        "/api/v1/people/{person_id}/assignments",
        "/api/v1/people/{person_id}/ratings",
        "/api/v1/people/{person_id}/ratings/{year}",
        "/api/v1/units",
        "/api/v1/units/ratings/{year}",
        "/api/v1/units/{unit_id}",
        "/api/v1/units/{unit_id}/ratings",
        "/api/v1/units/{unit_id}/ratings/{year}",
    ]
    assert sorted(doc["paths"]["/api/v1/units"]) == ["get", "post"]
    assert sorted(doc["paths"]["/api/v1/people/{person_id}"]) == ["get", "patch"]
    schemas = doc["components"]["schemas"]
    assert list(schemas["UnitOut"]["properties"]) == [
        "id",
        "ref",
        "code",
        "name",
        "short_name",
        "kind",
        "parent",
        "depth",
        "valid_from",
        "valid_to",
    ]
    assert list(schemas["UnitDetailOut"]["properties"])[-2:] == ["ancestors", "lineage_ids"]
    assert list(schemas["PersonOut"]["properties"]) == [
        "id",
        "ident",
        "full_name",
        "birth_date",
        "sex",
        "rank",
        "position",
        "service_start",
        "unit",
    ]
    assert sorted(doc["components"]["securitySchemes"]) == ["SessionAuth", "TokenAuth"]


def test_the_openapi_document_bounds_every_input(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]

    assert schemas["UnitCreate"]["properties"]["code"]["maxLength"] == 20
    assert schemas["UnitCreate"]["properties"]["parent"]["maximum"] == 2**31 - 1
    assert schemas["PersonCreate"]["properties"]["ident"]["maxLength"] == 32
    rating_put = doc["paths"]["/api/v1/people/{person_id}/ratings/{year}"]["put"]
    year = next(p for p in rating_put["parameters"] if p["name"] == "year")
    assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (1945, 2100)


def test_the_docs_page_uses_local_assets_only(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html
