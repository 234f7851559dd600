package io.missioncontrol.job.api;

import static io.missioncontrol.base.api.RequestLimits.AT_LEAST;
import static io.missioncontrol.base.api.RequestLimits.AT_MOST;
import static io.missioncontrol.base.api.RequestLimits.TOO_LONG;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.job.monitor.JobCancellation;
import io.missioncontrol.job.monitor.JobLogs;
import io.missioncontrol.job.monitor.JobPoller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Watching and stopping one job:
 * <ul>
 *   <li>{@code POST /api/jobs/{id}/refresh-status} asks SLURM now → the job (503 when the cluster is down);</li>
 *   <li>{@code GET /api/jobs/{id}/logs?stream=stdout|stderr&tail=N} (last N lines, default 200) or
 *       {@code &offset=B} (bytes from B on), {@code &max_bytes=} (default 256 KiB, at most 4 MiB) →
 *       {@code {"stream","path","offset","next_offset","size","content","truncated","exists"}}; follow a log by
 *       passing {@code next_offset} back as {@code offset};</li>
 *   <li>{@code POST /api/jobs/{id}/cancel} runs scancel → the job (409 when it already ended).</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/jobs/{id}")
class JobMonitorController {

    static final int DEFAULT_TAIL = 200;
    static final int MAX_TAIL = 100_000;

    private final JobPoller poller;
    private final JobLogs logs;
    private final JobCancellation cancellation;

    JobMonitorController(JobPoller poller, JobLogs logs, JobCancellation cancellation) {
        this.poller = poller;
        this.logs = logs;
        this.cancellation = cancellation;
    }

    @PostMapping({"/refresh-status", "/refresh-status/"})
    JobResponse refreshStatus(@PathVariable String id) {
        return JobResponse.of(poller.refresh(id));
    }

    @PostMapping({"/cancel", "/cancel/"})
    JobResponse cancel(@PathVariable String id) {
        return JobResponse.of(cancellation.cancel(id));
    }

    @GetMapping({"/logs", "/logs/"})
    JobLogs.LogChunk logs(@PathVariable String id,
                          @RequestParam(required = false) @Size(max = 20, message = TOO_LONG) String stream,
                          @RequestParam(required = false) @Min(value = 1, message = AT_LEAST)
                          @Max(value = MAX_TAIL, message = AT_MOST) Integer tail,
                          @RequestParam(required = false) @Min(value = 0, message = AT_LEAST) Long offset,
                          @RequestParam(name = "max_bytes", defaultValue = "" + JobLogs.DEFAULT_MAX_BYTES)
                          @Min(value = 1, message = AT_LEAST) @Max(value = JobLogs.MAX_BYTES, message = AT_MOST)
                          int maxBytes) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        JobLogs.Stream s = null;
        try {
            s = JobLogs.Stream.parse(stream);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        if (tail != null && offset != null) {
            errors.add(new InvalidInputException.FieldError("offset", "give either tail or offset, not both"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return offset != null ? logs.read(id, s, offset, maxBytes)
                : logs.tail(id, s, tail == null ? DEFAULT_TAIL : tail, maxBytes);
    }
}
