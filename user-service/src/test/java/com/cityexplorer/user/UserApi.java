package com.cityexplorer.user;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.cityexplorer.test.TestIdentity;
import com.jayway.jsonpath.JsonPath;

/**
 * Calls user-service directly, as the gateway would: a signed-in caller's requests carry the identity
 * token the gateway would have signed for them.
 */
public final class UserApi {

    public static final String PASSWORD = "correct horse battery";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public UserApi(int port) {
        this.port = port;
    }

    public static String uniqueEmail(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Registers an account and returns its id. */
    public String register(String email) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/users", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Ann\"}");
        if (response.statusCode() != 201) {
            throw new AssertionError("registration failed: " + response.statusCode() + " " + response.body());
        }
        return JsonPath.read(response.body(), "$.id");
    }

    /** Logs in; returns the response. */
    public HttpResponse<String> login(String email, String password) throws Exception {
        return send("POST", "/api/v1/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    /** The identity header the gateway would send for this user and session. */
    public static Map<String, String> as(String userId, String sessionId, String... roles) {
        return Map.of("Authorization", TestIdentity.bearerForSession("user-service", userId, sessionId,
                roles.length == 0 ? new String[] { "USER" } : roles));
    }

    public HttpResponse<String> send(String method, String path, Map<String, String> headers, String json) throws Exception {
        return send(method, path, headers, json, "application/json");
    }

    public HttpResponse<String> send(String method, String path, Map<String, String> headers, String body,
            String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (headers != null) {
            headers.forEach(request::header);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
