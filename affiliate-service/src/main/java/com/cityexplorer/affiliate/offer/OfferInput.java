package com.cityexplorer.affiliate.offer;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a partner sends to create or change an offer. The URL must be absolute https (checked further
 * in {@link OfferRules}); the price has at most as many decimals as its currency.
 */
record OfferInput(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{1,100}", message = "is not a place id") String placeId,
        @NotBlank @Size(max = 120) String title,
        @NotNull @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 7, fraction = 4) BigDecimal price,
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        @NotBlank @Size(max = 2000) String url,
        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @Digits(integer = 1, fraction = 4) BigDecimal commissionRate) {
}
