package com.cityexplorer.place.place;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Place names as they are searched: accents and case folded, anything but letters and digits one
 * space. A folded query contains no regular-expression metacharacter, so it is used as an anchored
 * prefix as it is and can never be interpreted.
 */
public final class SearchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchText() {
    }

    public static String fold(String text) {
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        return SEPARATORS.matcher(folded).replaceAll(" ").strip();
    }
}
