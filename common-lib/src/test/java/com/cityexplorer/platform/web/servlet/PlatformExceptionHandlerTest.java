package com.cityexplorer.platform.web.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.cityexplorer.platform.security.EndpointAccess;
import com.cityexplorer.test.TestIdentity;
import com.jayway.jsonpath.JsonPath;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/** A servlet application built on common-lib answers every kind of bad input as problem+json. */
@SpringBootTest(classes = PlatformExceptionHandlerTest.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.application.name=test-service", "management.health.defaults.enabled=false" })
class PlatformExceptionHandlerTest {

    @DynamicPropertySource
    static void identity(DynamicPropertyRegistry registry) {
        registry.add("city-explorer.identity.verification-keys", TestIdentity::verificationKey);
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listsEveryInvalidFieldOfABody() throws Exception {
        HttpResponse<String> response = post("/things", "application/json", "{\"name\":\"\",\"rating\":9}");

        assertProblem(response, 400);
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field")).containsExactlyInAnyOrder("name", "rating");
        assertThat(JsonPath.<String>read(response.body(), "$.instance")).isEqualTo("/things");
    }

    @Test
    void validatesPathVariables() throws Exception {
        HttpResponse<String> response = get("/things/-3");

        assertProblem(response, 400);
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field")).containsExactly("id");
    }

    @Test
    void rejectsMalformedJsonWithout500() throws Exception {
        assertProblem(post("/things", "application/json", "{\"name\": "), 400);
    }

    @Test
    void rejectsUnknownFieldsNamingThem() throws Exception {
        HttpResponse<String> response = post("/things", "application/json", "{\"name\":\"x\",\"rating\":3,\"roles\":[\"ADMIN\"]}");

        assertProblem(response, 400);
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field")).containsExactly("roles");
    }

    @Test
    void namesAFieldOfTheWrongType() throws Exception {
        HttpResponse<String> response = post("/things", "application/json", "{\"name\":\"x\",\"rating\":\"five\"}");

        assertProblem(response, 400);
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field")).containsExactly("rating");
    }

    @Test
    void refusesABodyOverTheLimitWith413() throws Exception {
        String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"rating\":3}";
        assertProblem(post("/things", "application/json", huge), 413);

        // Without a declared length (chunked), the body is cut off while it is read.
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri("/things")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(chunked, 413);
    }

    @Test
    void rejectsAWrongContentTypeWith415() throws Exception {
        assertProblem(post("/things", "text/plain", "name=x"), 415);
    }

    @Test
    void rejectsAnUnsupportedMethodWith405() throws Exception {
        assertProblem(post("/boom", "application/json", "{}"), 405);
    }

    @Test
    void answersUnknownPathsWith404() throws Exception {
        assertProblem(get("/nowhere"), 404);
    }

    @Test
    void hidesTheCauseOfAnUnexpectedError() throws Exception {
        HttpResponse<String> response = get("/boom");

        assertProblem(response, 500);
        assertThat(response.body()).doesNotContain("db-password").doesNotContain("IllegalStateException")
            .doesNotContain("at com.");
        assertThat(JsonPath.<String>read(response.body(), "$.requestId"))
            .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void aDatabaseThatCannotBeReachedInTimeIs503WithRetryAfter() throws Exception {
        HttpResponse<String> response = get("/busy-database");

        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).doesNotContain("27017");
    }

    @Test
    void servesRequestsOnVirtualThreadsByDefault() throws Exception {
        HttpResponse<String> response = get("/thread");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(response.body(), "$.virtual")).isTrue();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.title")).isNotBlank();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ThingController.class)
    static class TestApplication {

        @Bean
        EndpointAccess openThings() {
            return rules -> rules.requestMatchers("/**").permitAll();
        }
    }

    record Thing(@NotBlank @Size(max = 10) String name, @Min(1) @Max(5) int rating) {
    }

    @RestController
    static class ThingController {

        @PostMapping("/things")
        Map<String, Object> create(@Valid @RequestBody Thing thing) {
            return Map.of("name", thing.name());
        }

        @GetMapping("/things/{id}")
        Map<String, Object> find(@PathVariable @Positive long id) {
            return Map.of("id", id);
        }

        @GetMapping("/thread")
        Map<String, Object> thread() {
            return Map.of("virtual", Thread.currentThread().isVirtual());
        }

        @GetMapping("/busy-database")
        Map<String, Object> busyDatabase() {
            throw new com.mongodb.MongoTimeoutException("Timed out after 2000 ms while waiting for a connection to server 127.0.0.1:27017.");
        }

        @GetMapping("/boom")
        Map<String, Object> boom() {
            throw new IllegalStateException("could not reach db-password@10.0.0.7");
        }
    }
}
