package com.cityexplorer.affiliate.partner;

import java.time.Instant;

/** A partner as the partner (or an administrator) sees it: never its secret. */
record PartnerView(String id, String name, String userId, Instant createdAt) {
}
