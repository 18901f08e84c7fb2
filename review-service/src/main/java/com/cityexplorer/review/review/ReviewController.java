package com.cityexplorer.review.review;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.cityexplorer.platform.security.Caller;
import com.cityexplorer.platform.web.Page;
import com.cityexplorer.platform.web.Problems;

/** Reviews of places: anyone reads them, users write their own, authors (and administrators) remove them. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
class ReviewController {

    static final String PLACE_ID = "[A-Za-z0-9-]{1,100}";
    static final String REVIEW_ID = "[0-9a-f-]{36}";

    private final Reviews reviews;

    ReviewController(Reviews reviews) {
        this.reviews = reviews;
    }

    @PostMapping(path = "/places/{placeId}/reviews", consumes = "application/json")
    ResponseEntity<ReviewView> post(Caller caller, @PathVariable @Pattern(regexp = PLACE_ID, message = "is not a place id") String placeId,
            @Valid @RequestBody ReviewInput input) {
        Review review = reviews.post(caller, placeId, input);
        return ResponseEntity.status(HttpStatus.CREATED).location(java.net.URI.create("/api/v1/reviews/" + review.id())).body(review.view());
    }

    @GetMapping("/places/{placeId}/reviews")
    Page<ReviewView> ofPlace(@PathVariable @Pattern(regexp = PLACE_ID, message = "is not a place id") String placeId,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        ReviewSort order = ReviewSort.parse(sort);
        if (order == null) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
                    Problems.validation(List.of(new Problems.FieldError("sort", "must be recent or rating")), null, null), null);
        }
        return reviews.ofPlace(placeId, order, page, size);
    }

    @PutMapping(path = "/reviews/{id}", consumes = "application/json")
    ReviewView edit(Caller caller, @PathVariable @Pattern(regexp = REVIEW_ID, message = "is not a review id") String id,
            @Valid @RequestBody ReviewInput input) {
        return reviews.edit(caller, id, input).view();
    }

    @DeleteMapping("/reviews/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable @Pattern(regexp = REVIEW_ID, message = "is not a review id") String id) {
        reviews.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
