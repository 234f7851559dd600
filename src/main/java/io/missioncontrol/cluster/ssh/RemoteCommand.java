package io.missioncontrol.cluster.ssh;

import io.missioncontrol.base.ShellQuoting;

import io.missioncontrol.base.SafeNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An immutable remote command line built from a program and arguments, each argument shell-quoted by
 * {@link ShellQuoting}. Nothing else in the code base turns text into a command string.
 *
 * <pre>{@code
 * RemoteCommand.of("squeue").arg("-h").arg("-j").arg(String.join(",", ids))
 * RemoteCommand.of("mkdir").arg("-p").arg(dir).andThen(RemoteCommand.of("sbatch").arg(script))
 * }</pre>
 */
public final class RemoteCommand {

    private static final Pattern PROGRAM = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./+-]*|/[A-Za-z0-9_./+-]+");

    private final List<String> env;     // already rendered NAME='value'
    private final String program;
    private final List<String> args;    // raw, quoted on render
    private final List<Link> next;      // commands joined with && or |

    private record Link(String operator, RemoteCommand command) {
    }

    private RemoteCommand(List<String> env, String program, List<String> args, List<Link> next) {
        this.env = env;
        this.program = program;
        this.args = args;
        this.next = next;
    }

    /**
     * @param program a program name or absolute path: letters, digits and {@code _./+-}, no shell syntax
     */
    public static RemoteCommand of(String program) {
        Objects.requireNonNull(program, "program");
        if (!PROGRAM.matcher(program).matches() || program.contains("..")) {
            throw new IllegalArgumentException("not a plain program name: '" + program + "'");
        }
        return new RemoteCommand(List.of(), program, List.of(), List.of());
    }

    /** Adds one argument, quoted. */
    public RemoteCommand arg(String value) {
        ShellQuoting.quote(value); // rejects null and NUL early
        List<String> a = new ArrayList<>(args);
        a.add(value);
        return new RemoteCommand(env, program, List.copyOf(a), next);
    }

    public RemoteCommand arg(long value) {
        return arg(Long.toString(value));
    }

    /** Adds each value as its own quoted argument. */
    public RemoteCommand args(String... values) {
        RemoteCommand c = this;
        for (String v : values) {
            c = c.arg(v);
        }
        return c;
    }

    public RemoteCommand args(Collection<String> values) {
        return args(values.toArray(String[]::new));
    }

    /** Prefixes the command with an environment assignment {@code NAME='value'}. */
    public RemoteCommand env(String name, String value) {
        if (name == null || !SafeNames.ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an environment variable name: '" + name + "'");
        }
        List<String> e = new ArrayList<>(env);
        e.add(name + "=" + ShellQuoting.quote(value));
        return new RemoteCommand(List.copyOf(e), program, args, next);
    }

    /** {@code this && other}: runs {@code other} only when this command succeeds. */
    public RemoteCommand andThen(RemoteCommand other) {
        return link("&&", other);
    }

    /** {@code this | other}. */
    public RemoteCommand pipeTo(RemoteCommand other) {
        return link("|", other);
    }

    private RemoteCommand link(String operator, RemoteCommand other) {
        Objects.requireNonNull(other, "other");
        List<Link> n = new ArrayList<>(next);
        n.add(new Link(operator, other));
        return new RemoteCommand(env, program, args, List.copyOf(n));
    }

    public String program() {
        return program;
    }

    /** The arguments as given (unquoted). */
    public List<String> arguments() {
        return args;
    }

    /** The command line as sent to the remote shell. */
    public String render() {
        StringBuilder b = new StringBuilder();
        for (String e : env) {
            b.append(e).append(' ');
        }
        b.append(program);
        for (String a : args) {
            b.append(' ').append(ShellQuoting.quote(a));
        }
        for (Link l : next) {
            b.append(' ').append(l.operator()).append(' ').append(l.command().render());
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteCommand other && render().equals(other.render());
    }

    @Override
    public int hashCode() {
        return render().hashCode();
    }
}
