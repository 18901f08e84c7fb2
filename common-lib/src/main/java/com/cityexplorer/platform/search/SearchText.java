package com.cityexplorer.platform.search;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one spelling names are searched by: accents and case folded, a few letters that do not
 * decompose spelled out, anything but letters and digits turned into single spaces ("São Paulo" and
 * "sao-paulo" both become "sao paulo"). scripts/catalog/extract-cities.mjs folds the same way.
 * <p>
 * A folded query holds no character that a regular expression treats specially, so services use it as
 * an anchored prefix as it is: user input can never become a pattern.
 */
public final class SearchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Map<Integer, String> UNDECOMPOSED = Map.of((int) 'ß', "ss", (int) 'æ', "ae", (int) 'œ', "oe",
            (int) 'ø', "o", (int) 'đ', "d", (int) 'ð', "d", (int) 'þ', "th", (int) 'ł', "l", (int) 'ı', "i");

    private SearchText() {
    }

    public static String fold(String text) {
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        StringBuilder plain = new StringBuilder(folded.length());
        folded.codePoints().forEach(c -> plain.append(UNDECOMPOSED.getOrDefault(c, Character.toString(c))));
        return SEPARATORS.matcher(plain).replaceAll(" ").strip();
    }
}
