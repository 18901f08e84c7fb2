package com.cityexplorer.platform.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@link IdentityTokenResolver} answers as Spring Security's {@link DefaultBearerTokenResolver} does, header by header. */
class IdentityTokenResolverTest {

    private final BearerTokenResolver resolver = new IdentityTokenResolver();
    private final BearerTokenResolver library = new DefaultBearerTokenResolver();

    @Test
    void takesTheTokenAfterBearerInAnyCase() {
        String token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln-_~+/==";
        assertThat(resolver.resolve(request("Bearer " + token))).isEqualTo(token);
        assertThat(resolver.resolve(request("bEARER abc"))).isEqualTo("abc");
    }

    @Test
    void aRequestWithoutABearerTokenIsAnonymous() {
        assertThat(resolver.resolve(request(null))).isNull();
        assertThat(resolver.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
    }

    @Test
    void aMalformedBearerTokenIsRefused() {
        for (String malformed : List.of("Bearer", "Bearer ", "Bearer  abc", "Bearer a b", "Bearer a=b", "Bearer =",
                "Bearer a\"", "Bearerabc", "bearer:abc")) {
            assertThatExceptionOfType(OAuth2AuthenticationException.class).as(malformed)
                .isThrownBy(() -> resolver.resolve(request(malformed)))
                .satisfies(refused -> assertThat(refused.getError().getErrorCode()).isEqualTo("invalid_token"));
        }
    }

    @Test
    void agreesWithSpringSecuritysResolverOnRandomHeaders() {
        Random random = new Random(42);
        String alphabet = "aZ09-._~+/= \"\t,;:é|";
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : random.nextBoolean() ? "bearer" : "BEARER ");
            for (int length = random.nextInt(12); length > 0; length--) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            headers.add(header.toString());
        }
        for (String header : headers) {
            assertThat(outcome(resolver, header)).as(header).isEqualTo(outcome(library, header));
        }
    }

    private static String outcome(BearerTokenResolver resolver, String header) {
        try {
            return "token " + resolver.resolve(request(header));
        }
        catch (OAuth2AuthenticationException refused) {
            return "refused " + refused.getError().getErrorCode() + " " + refused.getError().getDescription();
        }
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/places/x");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }
}
