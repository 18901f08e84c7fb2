package com.cityexplorer.affiliate.partner;

import java.time.Instant;

/** The answer to creating a partner: the only time the webhook secret is shown. */
record NewPartner(String id, String name, String userId, String webhookSecret, Instant createdAt) {
}
