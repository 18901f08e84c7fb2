package com.cityexplorer.affiliate.conversion;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A conversion as a partner's server posts it. */
record ConversionInput(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._:-]{1,100}", message = "must be 1-100 letters, digits or . _ : -") String conversionId,
        @NotBlank @Size(max = 200) String clickId,
        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("10000000") @Digits(integer = 8, fraction = 4) BigDecimal amount,
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {
}
