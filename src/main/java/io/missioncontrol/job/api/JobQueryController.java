package io.missioncontrol.job.api;

import static io.missioncontrol.base.api.RequestLimits.AT_LEAST;
import static io.missioncontrol.base.api.RequestLimits.AT_MOST;
import static io.missioncontrol.base.api.RequestLimits.TOO_LONG;
import static io.missioncontrol.base.api.RequestLimits.TOO_MANY;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobService;
import io.missioncontrol.job.JobStatus;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.data.domain.Slice;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /api/jobs/} (filtered, paged, newest first) and {@code GET /api/jobs/{id}}.
 *
 * <p>Filters: {@code project_id}, {@code cluster}, {@code status} (repeatable and/or comma-separated, any case,
 * SLURM's short codes too), {@code q} (text in name or description), {@code submitted_from} /
 * {@code submitted_to} (ISO instant {@code 2026-11-28T10:00:00Z}, offset date-time, local date-time taken as
 * UTC, or a date: from its start / to its end), {@code page} (from 0) and {@code size} (1-500, default 50).
 * The body is a JSON array of jobs, as in the seed; paging is in headers: {@code X-Page}, {@code X-Page-Size},
 * {@code X-Has-Next} and a {@code Link: <…>; rel="next"} while more follow. Nothing is counted.
 */
@RestController
@RequestMapping("/api/jobs")
class JobQueryController {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;
    static final int MAX_PAGE = Integer.MAX_VALUE / MAX_SIZE;

    private final JobService jobs;

    JobQueryController(JobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping({"", "/"})
    ResponseEntity<List<JobResponse>> list(
            @RequestParam(name = "project_id", required = false) @Size(max = 100, message = TOO_LONG) String projectId,
            @RequestParam(required = false) @Size(max = 100, message = TOO_LONG) String cluster,
            @RequestParam(required = false) @Size(max = 100, message = TOO_MANY)
            List<@Size(max = 200, message = TOO_LONG) String> status,
            @RequestParam(required = false) @Size(max = 200, message = TOO_LONG) String q,
            @RequestParam(name = "submitted_from", required = false) @Size(max = 40, message = TOO_LONG) String from,
            @RequestParam(name = "submitted_to", required = false) @Size(max = 40, message = TOO_LONG) String to,
            @RequestParam(name = "page", defaultValue = "0") @Min(value = 0, message = AT_LEAST)
            @Max(value = MAX_PAGE, message = AT_MOST) int pageNo,
            @RequestParam(name = "size", defaultValue = "" + DEFAULT_SIZE) @Min(value = 1, message = AT_LEAST)
            @Max(value = MAX_SIZE, message = AT_MOST) int pageSize,
            UriComponentsBuilder uri) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        Set<JobStatus> statuses = statuses(status, errors);
        Instant submittedFrom = time("submitted_from", from, false, errors);
        Instant submittedTo = time("submitted_to", to, true, errors);
        if (submittedFrom != null && submittedTo != null && submittedFrom.isAfter(submittedTo)) {
            errors.add(new InvalidInputException.FieldError("submitted_to", "must not be before submitted_from"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        JobService.Filter filter = new JobService.Filter(projectId, cluster, statuses, q, submittedFrom, submittedTo);
        Slice<Job> slice = jobs.find(filter, pageNo, pageSize);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .header("X-Page", String.valueOf(pageNo))
                .header("X-Page-Size", String.valueOf(pageSize))
                .header("X-Has-Next", String.valueOf(slice.hasNext()));
        if (slice.hasNext()) {
            String next = uri.path("/api/jobs/").query(null)
                    .queryParamIfPresent("project_id", java.util.Optional.ofNullable(projectId))
                    .queryParamIfPresent("cluster", java.util.Optional.ofNullable(cluster))
                    .queryParamIfPresent("status", java.util.Optional.ofNullable(status).map(s -> String.join(",", s)))
                    .queryParamIfPresent("q", java.util.Optional.ofNullable(q))
                    .queryParamIfPresent("submitted_from", java.util.Optional.ofNullable(from))
                    .queryParamIfPresent("submitted_to", java.util.Optional.ofNullable(to))
                    .queryParam("page", pageNo + 1).queryParam("size", pageSize)
                    .encode().build().toUriString();
            response.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return response.body(slice.getContent().stream().map(JobResponse::of).toList());
    }

    @GetMapping({"/{id}", "/{id}/"})
    JobResponse get(@PathVariable String id) {
        return JobResponse.of(jobs.find(id).orElseThrow(() -> new NotFoundException("No job with id '" + id + "'")));
    }

    static Set<JobStatus> statuses(List<String> values, List<InvalidInputException.FieldError> errors) {
        if (values == null) {
            return Set.of();
        }
        EnumSet<JobStatus> out = EnumSet.noneOf(JobStatus.class);
        for (String value : values) {
            for (String part : value.split(",")) {
                String word = part.strip();
                if (word.isEmpty()) {
                    continue;
                }
                JobStatus s = parseStatus(word);
                if (s == null) {
                    errors.add(new InvalidInputException.FieldError("status", "unknown state '" + word
                            + "'; known: " + Arrays.toString(JobStatus.values())));
                } else {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static JobStatus parseStatus(String word) {
        try {
            return JobStatus.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return JobStatus.fromSlurm(word);
        }
    }

    /** ISO instant, offset date-time, local date-time (UTC) or date (start of day; end of day for "to"). */
    static Instant time(String field, String text, boolean endOfDay, List<InvalidInputException.FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // next
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next
        }
        try {
            LocalDate day = LocalDate.parse(t);
            return endOfDay ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1)
                    : day.atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            errors.add(new InvalidInputException.FieldError(field, "'" + t + "' is not an ISO date or time, "
                    + "e.g. 2026-11-28T10:00:00Z or 2026-11-28"));
            return null;
        }
    }
}
