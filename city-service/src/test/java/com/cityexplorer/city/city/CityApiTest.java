package com.cityexplorer.city.city;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TestIdentity;
import com.cityexplorer.test.TopicReader;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import com.cityexplorer.platform.search.SearchText;

import static org.assertj.core.api.Assertions.assertThat;

/** The city catalog against the real MongoDB-wire server and Kafka, loaded from the GeoNames extract. */
@PlatformIntegrationTest
class CityApiTest {

    static final String ADMIN = TestIdentity.bearer("city-service", "admin-1", "USER", "ADMIN");
    static final String USER = TestIdentity.bearer("city-service", "user-1", "USER");

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    List<ApplicationRunner> runners;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void loadsEveryGeoNamesCityOfFifteenThousandOnceEvenWhenLoadedAgain() throws Exception {
        long loaded = mongo.count(new Query(), City.class);
        assertThat(loaded).isGreaterThan(24_000);

        for (ApplicationRunner runner : runners) {
            runner.run(new DefaultApplicationArguments());
        }
        assertThat(mongo.count(new Query(), City.class)).isEqualTo(loaded);

        // Seed data is announced like any new city, once, so place-service learns of it.
        var paris = TopicReader.read("ce.city.events", record -> "2988507".equals(record.key()), found -> !found.isEmpty());
        assertThat(paris).hasSize(1);
        assertThat(JsonPath.<String>read(paris.getFirst().value(), "$.type")).isEqualTo("CityCreated");
        assertThat(JsonPath.<String>read(paris.getFirst().value(), "$.data.name")).isEqualTo("Paris");
    }

    @ParameterizedTest(name = "\"{0}\" finds {1}")
    @CsvSource({ "sao pa, São Paulo, BR", "SÃO PAULO, São Paulo, BR", "munchen, Munich, DE", "München, Munich, DE",
        "new york, New York City, US", "zurich, Zürich, CH" })
    void findsCitiesByNamePrefixIgnoringCaseAndAccents(String q, String name, String countryCode) throws Exception {
        HttpResponse<String> response = get("/api/v1/cities?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.items[0].name")).isEqualTo(name);
        assertThat(JsonPath.<String>read(response.body(), "$.items[0].countryCode")).isEqualTo(countryCode);
        assertThat(JsonPath.<String>read(response.body(), "$.items[0].timezone")).isNotBlank();
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("max-age"));
    }

    @Test
    void listsACountrysCitiesByPopulationOrByName() throws Exception {
        HttpResponse<String> byPopulation = get("/api/v1/cities?country=fr&size=5");
        assertThat(JsonPath.<String>read(byPopulation.body(), "$.items[0].name")).isEqualTo("Paris");
        List<Integer> populations = JsonPath.read(byPopulation.body(), "$.items[*].population");
        assertThat(populations).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(JsonPath.<Integer>read(byPopulation.body(), "$.totalItems")).isGreaterThan(100);
        assertThat(JsonPath.<List<String>>read(byPopulation.body(), "$.items[*].countryCode")).containsOnly("FR");

        HttpResponse<String> byName = get("/api/v1/cities?country=FR&sort=name&size=50");
        List<String> names = JsonPath.read(byName.body(), "$.items[*].name");
        assertThat(names).hasSize(50);
        assertThat(names.stream().map(SearchText::fold).toList()).isSorted();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            page size over 100      | /api/v1/cities?size=1000
            unknown sort            | /api/v1/cities?sort=rating
            country of three letters| /api/v1/cities?country=FRA
            negative page           | /api/v1/cities?page=-1
            malformed id            | /api/v1/cities/abc$def
            """)
    void refusesBadQueriesWith400(String label, String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(label + ": " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void matchesRegexMetacharactersLiterallyNeverAsAPattern() throws Exception {
        for (String q : List.of(".*", "^", "a.*z", "(", "$where", "[a-z]")) {
            HttpResponse<String> response = get("/api/v1/cities?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(q).isEqualTo(200);
            List<String> names = JsonPath.read(response.body(), "$.items[*].name");
            String literal = SearchText.fold(q);
            assertThat(names).as(q).allMatch(name -> !literal.isEmpty() && SearchText.fold(name).startsWith(literal));
        }
    }

    @Test
    void letsClientsAndCdnsCacheReadsWithAnETag() throws Exception {
        HttpResponse<String> first = get("/api/v1/cities/2988507");
        assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("public").contains("max-age=300").doesNotContain("no-store"));
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = new ApiClient(port).send("GET", "/api/v1/cities/2988507", null, null, java.util.Map.of("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void servesTheMostPopulousCitiesFromAWarmCache() throws Exception {
        double missesBefore = cacheGets("miss");
        double hitsBefore = cacheGets("hit");

        HttpResponse<String> shanghai = get("/api/v1/cities/1796236");

        assertThat(JsonPath.<String>read(shanghai.body(), "$.name")).isEqualTo("Shanghai");
        assertThat(cacheGets("miss")).as("warmed at start: no database read").isEqualTo(missesBefore);
        assertThat(cacheGets("hit")).isEqualTo(hitsBefore + 1);
    }

    private double cacheGets(String result) {
        var counter = meters.find("cache.gets").tag("cache", "cities").tag("result", result).functionCounter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void answersAnUnknownCityWith404() throws Exception {
        assertThat(get("/api/v1/cities/2988507").statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(get("/api/v1/cities/2988507").body(), "$.name")).isEqualTo("Paris");
        assertThat(get("/api/v1/cities/no-such-city").statusCode()).isEqualTo(404);
    }

    @Test
    void letsOnlyAdministratorsChangeTheCatalogAndAnnouncesEveryChange() throws Exception {
        String body = """
                {"name":"Nova Aurora","alternateNames":["Aurora Nova"],"countryCode":"PT","country":"Portugal",
                 "population":15500,"location":{"lat":38.7,"lon":-9.1},"timezone":"Europe/Lisbon"}""";
        assertThat(send("POST", "/api/v1/cities", null, body).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/cities", USER, body).statusCode()).isEqualTo(403);

        HttpResponse<String> created = send("POST", "/api/v1/cities", ADMIN, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JsonPath.read(created.body(), "$.id");
        assertThat(JsonPath.<String>read(get("/api/v1/cities?q=aurora%20no").body(), "$.items[0].id")).isEqualTo(id);

        HttpResponse<String> replaced = send("PUT", "/api/v1/cities/" + id, ADMIN, body.replace("15500", "16000"));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(get("/api/v1/cities/" + id).body(), "$.population")).isEqualTo(16000);

        assertThat(send("DELETE", "/api/v1/cities/" + id, ADMIN, null).statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/cities/" + id).statusCode()).isEqualTo(404);

        var events = TopicReader.read("ce.city.events", record -> id.equals(record.key()), found -> found.size() >= 3);
        assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.type"))
            .containsExactly("CityCreated", "CityUpdated", "CityDeleted");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            latitude 91          | {"name":"X","countryCode":"PT","country":"P","population":1,"location":{"lat":91,"lon":0},"timezone":"Europe/Lisbon"}
            unknown time zone    | {"name":"X","countryCode":"PT","country":"P","population":1,"location":{"lat":1,"lon":0},"timezone":"Mars/Olympus"}
            operator smuggled in | {"name":"X","countryCode":"PT","country":"P","population":1,"location":{"lat":1,"lon":0},"timezone":"Europe/Lisbon","$set":{"population":0}}
            operator as a value  | {"name":{"$ne":null},"countryCode":"PT","country":"P","population":1,"location":{"lat":1,"lon":0},"timezone":"Europe/Lisbon"}
            lower-case country   | {"name":"X","countryCode":"pt","country":"P","population":1,"location":{"lat":1,"lon":0},"timezone":"Europe/Lisbon"}
            """)
    void refusesInvalidCitiesWith400AndCreatesNothing(String label, String body) throws Exception {
        long before = mongo.count(new Query(), City.class);
        HttpResponse<String> response = send("POST", "/api/v1/cities", ADMIN, body);

        assertThat(response.statusCode()).as(label + ": " + response.body()).isEqualTo(400);
        assertThat(mongo.count(new Query(), City.class)).isEqualTo(before);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new ApiClient(port).get(path);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String json) throws Exception {
        return new ApiClient(port).send(method, path, authorization, json);
    }

}
