package com.cityexplorer.city.city;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one spelling cities are searched by: accents and case folded, anything but letters and digits
 * turned into single spaces ("São Paulo" and "sao-paulo" both become "sao paulo"). The extract script
 * (scripts/catalog/extract-cities.mjs) folds the same way. A folded query holds no character that a
 * regular expression treats specially, so it can be used as an anchored prefix as it is.
 */
public final class SearchNames {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Map<String, String> UNDECOMPOSED = Map.of("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "đ", "d",
            "ð", "d", "þ", "th", "ł", "l", "ı", "i");

    private SearchNames() {
    }

    public static String fold(String name) {
        String folded = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        StringBuilder plain = new StringBuilder(folded.length());
        folded.codePoints().forEach(c -> {
            String replacement = UNDECOMPOSED.get(Character.toString(c));
            plain.append(replacement != null ? replacement : Character.toString(c));
        });
        return SEPARATORS.matcher(plain).replaceAll(" ").strip();
    }
}
