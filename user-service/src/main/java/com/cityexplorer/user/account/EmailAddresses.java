package com.cityexplorer.user.account;

import java.text.Normalizer;
import java.util.Locale;

/**
 * One spelling per mailbox: trimmed, Unicode NFC, lower case. Local parts are case-insensitive at
 * every provider our users have, so "Ann@Example.com" and "ann@example.com" are one account.
 */
public final class EmailAddresses {

    /** Something, an at sign, and a domain with a dot; the size limit is checked separately. */
    static final String PATTERN = "[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+";

    private EmailAddresses() {
    }

    public static String normalise(String email) {
        return Normalizer.normalize(email.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }
}
