package com.cityexplorer.review.review;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a user writes: a rating from 1 to 5 and some text. */
record ReviewInput(
        @NotNull @Min(1) @Max(5) Integer rating,
        @NotBlank @Size(max = 2000) @Pattern(regexp = "[^<>\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*", message = "must be plain text (no markup or control characters)") String text) {
}
