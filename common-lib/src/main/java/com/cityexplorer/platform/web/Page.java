package com.cityexplorer.platform.web;

import java.util.List;

/** A page of a list, as every list of the API answers it: {@code {items, page, size, totalItems}}. */
public record Page<T>(List<T> items, int page, int size, long totalItems) {

    public static <T> Page<T> empty(int page, int size) {
        return new Page<>(List.of(), page, size, 0);
    }
}
