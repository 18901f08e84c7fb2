package com.cityexplorer.platform.security;

import java.util.function.Predicate;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * {@link StrictHttpFirewall#ALLOWED_HEADER_VALUES} without its regular expression: every code point assigned in
 * Unicode, and no control character other than a tab (the library's {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*},
 * whose {@code ||} also lets {@code |} through, which is not a control character anyway). The firewall checks each
 * header a service reads; with a signed-in caller's 600-odd-character identity token among them, the expression cost
 * a few percent of a service's CPU per read (docs/performance.md). The firewall takes any predicate, hence this one.
 */
final class HeaderValueCheck implements Predicate<String> {

    @Override
    public boolean test(String value) {
        for (int i = 0; i < value.length(); ) {
            char c = value.charAt(i);
            if (c >= ' ' && c < 0x7F) {
                // Printable ASCII, nearly every character of every header (and all of an identity token): allowed.
                i++;
                continue;
            }
            int codePoint = value.codePointAt(i);
            if (!Character.isDefined(codePoint) || (Character.getType(codePoint) == Character.CONTROL && codePoint != '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
