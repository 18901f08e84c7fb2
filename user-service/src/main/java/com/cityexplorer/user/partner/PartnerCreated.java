package com.cityexplorer.user.partner;

/**
 * The part of affiliate-service's {@code PartnerCreated} event this service uses: an administrator made
 * the user {@code userId} the partner {@code partnerId}. Fields affiliate-service adds later are ignored.
 */
record PartnerCreated(String partnerId, String userId, String name) {
}
