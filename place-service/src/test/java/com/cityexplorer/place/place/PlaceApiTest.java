package com.cityexplorer.place.place;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import com.cityexplorer.platform.search.SearchText;

import static org.assertj.core.api.Assertions.assertThat;

/** The curated catalog through the API: every curated city's places, listed, searched and read. */
@PlatformIntegrationTest
class PlaceApiTest {

    static final String PARIS = "2988507";

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Test
    void loadsAtLeastTwentyCuratedPlacesForEachOfFifteenCities() {
        var perCity = mongo.findAll(Place.class).stream().filter(place -> !place.synthetic())
            .collect(java.util.stream.Collectors.groupingBy(Place::cityId, java.util.stream.Collectors.counting()));
        assertThat(perCity.keySet()).allMatch(id -> id.matches("\\d+"));
        assertThat(perCity.values().stream().filter(count -> count >= 20).count()).isGreaterThanOrEqualTo(15);
    }

    @Test
    void listsACitysPlacesByNameAndByCategory() throws Exception {
        HttpResponse<String> byName = get("/api/v1/places?cityId=" + PARIS + "&sort=name&size=100");
        assertThat(byName.statusCode()).as(byName.body()).isEqualTo(200);
        List<String> names = JsonPath.read(byName.body(), "$.items[*].name");
        assertThat(names).hasSizeGreaterThanOrEqualTo(20).contains("Eiffel Tower");
        assertThat(names.stream().map(SearchText::fold).toList()).isSorted();
        assertThat(JsonPath.<List<String>>read(byName.body(), "$.items[*].cityId")).containsOnly(PARIS);

        HttpResponse<String> museums = get("/api/v1/places?cityId=" + PARIS + "&category=museum");
        assertThat(JsonPath.<List<String>>read(museums.body(), "$.items[*].category")).isNotEmpty().containsOnly("museum");
    }

    @Test
    void findsPlacesByNamePrefixIgnoringCaseAndAccents() throws Exception {
        HttpResponse<String> response = get("/api/v1/places?q=" + URLEncoder.encode("EIFFEL", StandardCharsets.UTF_8));
        assertThat(JsonPath.<List<String>>read(response.body(), "$.items[*].id")).contains("paris-eiffel-tower");
    }

    @Test
    void readsOnePlaceWithItsRating() throws Exception {
        HttpResponse<String> response = get("/api/v1/places/paris-eiffel-tower");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.name")).isEqualTo("Eiffel Tower");
        assertThat(JsonPath.<Double>read(response.body(), "$.location.lat")).isBetween(48.85, 48.86);
        assertThat(JsonPath.<Integer>read(response.body(), "$.rating.count")).isZero();
        assertThat(get("/api/v1/places/no-such-place").statusCode()).isEqualTo(404);
    }

    @Test
    void matchesRegexMetacharactersLiterally() throws Exception {
        for (String q : List.of(".*", "E.*l", "(", "[a-z]", "$where")) {
            HttpResponse<String> response = get("/api/v1/places?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(q).isEqualTo(200);
            String literal = SearchText.fold(q);
            assertThat(JsonPath.<List<String>>read(response.body(), "$.items[*].name")).as(q)
                .allMatch(name -> !literal.isEmpty() && SearchText.fold(name).startsWith(literal));
        }
    }

    @Test
    void ignoresOperatorsSmuggledIntoParameterNames() throws Exception {
        long parisPlaces = mongo.count(Query.query(Criteria.where("cityId").is(PARIS)), Place.class);
        HttpResponse<String> response = get("/api/v1/places?cityId=" + PARIS + "&cityId%5B%24ne%5D=1&size=100");
        assertThat(JsonPath.<Integer>read(response.body(), "$.totalItems")).isEqualTo((int) parisPlaces);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            page size 1000     | /api/v1/places?size=1000
            unknown sort       | /api/v1/places?sort=price
            unknown category   | /api/v1/places?category=casino
            operator as a city | /api/v1/places?cityId=%24ne
            malformed id       | /api/v1/places/paris%24eiffel
            """)
    void refusesBadQueriesWith400(String label, String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(label + ": " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new ApiClient(port).get(path);
    }
}
