package com.cityexplorer.platform.web;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void aSaneClientIdIsKept() {
        assertThat(RequestIds.acceptOrCreate("client-42.retry:1")).isEqualTo("client-42.retry:1");
    }

    @Test
    void anythingElseIsReplacedByAFreshVersion4Uuid() {
        for (String candidate : new String[] { null, "", "two words", "x".repeat(129), "line\nbreak" }) {
            UUID id = UUID.fromString(RequestIds.acceptOrCreate(candidate));
            assertThat(id.version()).as("version of %s", id).isEqualTo(4);
            assertThat(id.variant()).as("variant of %s", id).isEqualTo(2);
        }
    }

    @Test
    void madeIdsDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(RequestIds.acceptOrCreate(null));
        }
        assertThat(ids).hasSize(100_000);
    }
}
