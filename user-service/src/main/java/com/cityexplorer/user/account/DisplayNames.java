package com.cityexplorer.user.account;

/** Display names are shown to other users (review authors), so they are short and printable. */
final class DisplayNames {

    static final String PATTERN = "[^\\p{Cntrl}<>]*[^\\p{Cntrl}<>\\s][^\\p{Cntrl}<>]*";
    static final String MESSAGE = "must be printable text without control characters or angle brackets";
    static final String DEFAULT = "Explorer";

    private DisplayNames() {
    }
}
