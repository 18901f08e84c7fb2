package com.cityexplorer.affiliate.click;

import java.time.Instant;

/**
 * Somebody followed an offer's click link ({@code ce.affiliate.clicks}, keyed by offer and client, so one
 * client's clicks on one offer stay in order). Every click is recorded; whether it counts (the first of
 * its client on that offer within the click window) is decided when it is stored.
 *
 * @param client a hash of the client's address and user agent: enough to recognise repeats, not to identify anyone
 */
record ClickRecorded(String clickId, String offerId, String partnerId, String placeId, String client, Instant at) {

    static final String TYPE = "ClickRecorded";
    static final String TOPIC = "ce.affiliate.clicks";

    String key() {
        return offerId + "|" + client;
    }
}
