package io.missioncontrol.base.api;

/**
 * What every REST request is held to before any feature looks at it, and the words Bean Validation
 * answers with on the request records (each message follows the field's name, as in
 * {@code "name: must be at most 100 characters"}).
 */
public final class RequestLimits {

    /** Request bodies above this are refused with 413 before they are parsed. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** At most this many problems are listed in one answer; the rest are counted. */
    public static final int MAX_ERRORS_SHOWN = 20;
    /** Longer messages (they may quote what was sent) are cut to this. */
    public static final int MAX_MESSAGE_CHARS = 300;

    public static final String REQUIRED = "is required";
    public static final String TOO_LONG = "must be at most {max} characters";
    public static final String TOO_MANY = "must have at most {max} entries";
    public static final String AT_LEAST = "must be at least {value}";
    public static final String AT_MOST = "must be at most {value}";
    public static final String NULL_ITEM = "must be a string, not null";
    public static final String BLANK_KEY = "is a blank key";

    private RequestLimits() {
    }

    /**
     * The group of the constraints on each item of a list or map. A request record puts it after its own default
     * group ({@code @GroupSequence({TheRecord.class, RequestLimits.Items.class})}), so items are checked only once
     * their container is within its size bound: 60,000 null values in a 1 MiB body make one error, not 60,000
     * (which took seconds to collect).
     */
    public interface Items {
    }

    /** {@code text} cut to {@code max} characters (an ellipsis marks the cut), for quoting user input. */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, Math.max(0, max - 1)) + "…";
    }
}
