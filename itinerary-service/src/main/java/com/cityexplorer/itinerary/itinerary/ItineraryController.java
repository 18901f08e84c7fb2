package com.cityexplorer.itinerary.itinerary;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.ErrorResponseException;

import com.cityexplorer.platform.security.Caller;
import com.cityexplorer.platform.web.Page;
import com.cityexplorer.platform.web.Problems;

/**
 * Itineraries: their owners create, list, change, optimise and delete them; anyone reads a public one.
 * Another user's private itinerary answers 404 like a missing one (never 403), for reads and changes alike.
 */
@RestController
@RequestMapping(path = "/api/v1/itineraries", produces = "application/json")
class ItineraryController {

    /** Itinerary ids are UUIDs; anything else is a 400 before any lookup. */
    static final String ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    static final String NOT_AN_ID = "is not an itinerary id";

    /** Cached only by the caller, and checked again each time (an itinerary can become private at any moment). */
    private static final CacheControl OWN = CacheControl.noCache().cachePrivate();
    /** A public itinerary is the same for everyone, so shared caches may keep it, checking again each time. */
    private static final CacheControl SHARED = CacheControl.noCache().cachePublic();

    private final Itineraries itineraries;

    ItineraryController(Itineraries itineraries) {
        this.itineraries = itineraries;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<ItineraryView> create(@Parameter(hidden = true) Caller caller, @Valid @RequestBody ItineraryInput input) {
        Itinerary itinerary = itineraries.create(caller.userId(), input);
        return ResponseEntity.created(URI.create("/api/v1/itineraries/" + itinerary.id())).body(itinerary.view());
    }

    @GetMapping
    ResponseEntity<Page<ItineraryView>> list(@Parameter(hidden = true) Caller caller,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return ResponseEntity.ok().cacheControl(OWN).body(itineraries.list(caller.userId(), page, size));
    }

    /*
     * Open to anonymous callers, so the platform's Caller (which answers 401 without an identity) cannot be
     * a parameter here. The servlet principal is the same verified identity token (its name is the token's
     * subject, the user id), and null for an anonymous request.
     */
    @Operation(description = "A public itinerary for anyone; a private one for its owner only (404 for anyone else).")
    @GetMapping("/{id}")
    ResponseEntity<ItineraryView> find(@PathVariable @Pattern(regexp = ID, message = NOT_AN_ID) String id,
            @Parameter(hidden = true) Principal principal) {
        Itinerary itinerary = itineraries.visible(id, principal == null ? null : principal.getName());
        return ResponseEntity.ok().cacheControl(itinerary.visibility() == Visibility.PUBLIC ? SHARED : OWN).body(itinerary.view());
    }

    /*
     * The id is checked here rather than with @Pattern: a constraint on a parameter makes Spring validate the
     * whole method, and the platform's handler then reports body errors under the parameter's name ("input")
     * instead of the field ("days[0].date"). Without it, the body is validated on its own, field by field.
     */
    @PutMapping(path = "/{id}", consumes = "application/json")
    ItineraryView replace(@Parameter(hidden = true) Caller caller, @PathVariable String id, @Valid @RequestBody ItineraryInput input) {
        if (!id.matches(ID)) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
                    Problems.validation(List.of(new Problems.FieldError("id", NOT_AN_ID)), null, null), null);
        }
        return itineraries.replace(id, caller.userId(), input).view();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@Parameter(hidden = true) Caller caller, @PathVariable @Pattern(regexp = ID, message = NOT_AN_ID) String id) {
        itineraries.delete(id, caller.userId());
        return ResponseEntity.noContent().build();
    }

    @Operation(description = "Reorders each day's stops for a shorter walk from the day's first stop, which stays first; "
            + "the day's start times keep their order and go to the stops in their new order. Saved; the answer also "
            + "gives the walk before and after (straight-line metres, summed over the days).")
    @PostMapping("/{id}/optimize")
    OptimizedItinerary optimize(@Parameter(hidden = true) Caller caller,
            @PathVariable @Pattern(regexp = ID, message = NOT_AN_ID) String id) {
        return itineraries.optimize(id, caller.userId());
    }
}
