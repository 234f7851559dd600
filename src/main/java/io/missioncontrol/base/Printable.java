package io.missioncontrol.base;

/** User text quoted inside an error message: short, on one line, and with nothing invisible. */
public final class Printable {

    /** Code points of the value shown before it is cut with "…". */
    public static final int MAX_SHOWN = 60;

    private Printable() {
    }

    /**
     * The value shortened to {@value #MAX_SHOWN} code points (then "…"), with line breaks, tabs and other control
     * characters shown as escapes ({@code \n}, {@code \t}, {@code \u001b}) so that a message stays one readable line.
     */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int i = 0;
        while (i < value.length() && shown < MAX_SHOWN) {
            int c = value.codePointAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
            i += Character.charCount(c);
            shown++;
        }
        return i < value.length() ? out.append('…').toString() : out.toString();
    }
}
