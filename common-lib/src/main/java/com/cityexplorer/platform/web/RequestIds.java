package com.cityexplorer.platform.web;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code X-Request-Id} convention: echo a client's id when it is sane, otherwise make one.
 * A client-supplied id is limited in length and alphabet so it cannot inject into logs or headers.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    public static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static String acceptOrCreate(String candidate) {
        if (candidate != null && SAFE.matcher(candidate).matches()) {
            return candidate;
        }
        return UUID.randomUUID().toString();
    }
}
