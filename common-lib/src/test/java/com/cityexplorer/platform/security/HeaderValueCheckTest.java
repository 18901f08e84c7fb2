package com.cityexplorer.platform.security;

import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HeaderValueCheck} allows exactly the header values Spring Security's own firewall check allows. */
class HeaderValueCheckTest {

    private final HeaderValueCheck check = new HeaderValueCheck();

    @Test
    void allowsPrintableTextAndTabsRefusesControlCharactersAndUnassignedCodePoints() {
        assertThat(check.test("Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln")).isTrue();
        assertThat(check.test("a\tb | São Paulo, 東京 😀")).isTrue();
        assertThat(check.test("")).isTrue();
        assertThat(check.test("a\nb")).isFalse();
        assertThat(check.test("a\u0000b")).isFalse();
        assertThat(check.test("a\u007fb")).isFalse();
        assertThat(check.test("a\u0378b")).isFalse(); // unassigned
    }

    @Test
    void agreesWithSpringSecuritysCheckOnEveryCodePointAndOnRandomStrings() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String value = "x" + Character.toString(codePoint) + "y";
            assertThat(check.test(value)).as("U+%04X", codePoint).isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
        }
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int length = random.nextInt(8); length > 0; length--) {
                value.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            String text = value.toString();
            assertThat(check.test(text)).as(text).isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text));
        }
    }
}
