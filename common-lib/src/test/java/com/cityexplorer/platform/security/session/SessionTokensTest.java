package com.cityexplorer.platform.security.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTokensTest {

    @Test
    void theSessionIdIsTheTokensSha256InBase64Url() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1, in base64url without padding.
        assertThat(SessionTokens.sessionId("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }

    @Test
    void hashesTokensOnManyThreadsAtOnceAsOneDigestPerTokenWould() throws Exception {
        List<String> tokens = IntStream.range(0, 20_000).mapToObj(i -> SessionTokens.newToken()).toList();
        List<String> concurrently = tokens.parallelStream().map(SessionTokens::sessionId).toList();
        for (int i = 0; i < tokens.size(); i++) {
            MessageDigest own = MessageDigest.getInstance("SHA-256");
            String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(own.digest(tokens.get(i).getBytes(StandardCharsets.UTF_8)));
            assertThat(concurrently.get(i)).as("token %d", i).isEqualTo(expected);
        }
    }

    @Test
    void acceptsOnlyFortyThreeBase64UrlCharactersAsAToken() {
        assertThat(SessionTokens.isWellFormed(SessionTokens.newToken())).isTrue();
        assertThat(SessionTokens.isWellFormed("a".repeat(42))).isFalse();
        assertThat(SessionTokens.isWellFormed("a".repeat(42) + "=")).isFalse();
        assertThat(SessionTokens.isWellFormed(null)).isFalse();
    }
}
