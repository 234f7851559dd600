package io.missioncontrol.project.hydra.sweep;

import io.missioncontrol.project.hydra.sweep.HydraValues.ChoiceSweep;
import io.missioncontrol.project.hydra.sweep.HydraValues.GlobSweep;
import io.missioncontrol.project.hydra.sweep.HydraValues.IntervalSweep;
import io.missioncontrol.project.hydra.sweep.HydraValues.Quoted;
import io.missioncontrol.project.hydra.sweep.HydraValues.RangeSweep;
import io.missioncontrol.project.hydra.sweep.HydraValues.Sweep;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The functions Hydra 1.3's override parser knows ({@code grammar_functions.py}): the casts {@code int float str
 * bool}, the sweeps {@code choice range interval glob}, and {@code tag sort shuffle}, with Python's argument binding
 * and Hydra's type checks of each argument.
 */
final class OverrideFunctions {

    /** Python's TypeError/ValueError inside a function; Hydra reports it with the function's text. */
    private static final class CallError extends RuntimeException {
        final String pythonType;

        CallError(String pythonType, String message) {
            super(message);
            this.pythonType = pythonType;
        }
    }

    private record Parameter(String name, boolean varArgs, boolean required, Predicate<Object> accepts,
                             String typeText) {
    }

    /** What Python's float() reads from a string (after strip). */
    private static final java.util.regex.Pattern PYTHON_FLOAT = java.util.regex.Pattern.compile(
            "(?i)[+-]?(?:(?:(?:\\d(?:_?\\d)*)?\\.\\d(?:_?\\d)*|\\d(?:_?\\d)*\\.?)(?:e[+-]?\\d(?:_?\\d)*)?"
                    + "|inf|infinity|nan)");

    private OverrideFunctions() {
    }

    static Object call(String name, List<Object> rawArgs, Map<String, Object> rawKwargs, String text) {
        // Functions.eval: quoted strings passed to a function lose their quotes (only at the top level)
        List<Object> args = rawArgs.stream().map(OverrideFunctions::unquote).toList();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        rawKwargs.forEach((k, v) -> kwargs.put(k, unquote(v)));
        try {
            return switch (name) {
                case "int", "float", "str", "bool" -> {
                    Map<String, Object> bound = bind(args, kwargs, List.of(varArgs("args", v -> true, ""),
                            optional("value", v -> true, "")));
                    yield cast(name, normalizeCastValue(list(bound.get("args")), bound.get("value")));
                }
                case "choice" -> choice(list(bind(args, kwargs, List.of(varArgs("args", v -> v != null
                        && !(v instanceof Sweep && !(v instanceof ChoiceSweep)),
                        "Union[str, int, float, bool, Dict[Any, Any], List[Any], ChoiceSweep]"))).get("args")));
                case "range" -> {
                    Map<String, Object> bound = bind(args, kwargs, List.of(
                            required("start", HydraValues::isNumber, "Union[int, float]"),
                            optional("stop", v -> v == null || HydraValues.isNumber(v), "Optional[Union[int, float]]"),
                            optional("step", HydraValues::isNumber, "Union[int, float]")));
                    Object start = bound.get("start");
                    Object stop = bound.get("stop");
                    Object step = bound.containsKey("step") ? bound.get("step") : BigInteger.ONE;
                    if (stop == null) {
                        stop = start;
                        start = BigInteger.ZERO;
                    }
                    yield new RangeSweep(start, stop, step, false);
                }
                case "interval" -> {
                    Map<String, Object> bound = bind(args, kwargs, List.of(
                            required("start", HydraValues::isNumber, "Union[int, float]"),
                            required("end", HydraValues::isNumber, "Union[int, float]")));
                    yield new IntervalSweep(HydraValues.asDouble(bound.get("start")),
                            HydraValues.asDouble(bound.get("end")));
                }
                case "tag" -> tag(bind(args, kwargs, List.of(
                        varArgs("args", v -> v instanceof String || v instanceof Sweep, "Union[str, Sweep]"),
                        optional("sweep", v -> v == null || v instanceof Sweep, "Optional[Sweep]"))));
                case "shuffle" -> shuffle(bind(args, kwargs, List.of(
                        varArgs("args", OverrideFunctions::isElementOrChoiceOrRange,
                                "Union[str, int, bool, float, list, dict, ChoiceSweep, RangeSweep]"),
                        optional("sweep", v -> v == null || v instanceof ChoiceSweep || v instanceof RangeSweep,
                                "Optional[Union[ChoiceSweep, RangeSweep]]"),
                        optional("list", v -> v == null || v instanceof List, "Optional[List[Any]]"))));
                case "sort" -> sort(bind(args, kwargs, List.of(
                        varArgs("args", OverrideFunctions::isElementOrChoiceOrRange,
                                "Union[str, int, bool, float, list, dict, ChoiceSweep, RangeSweep]"),
                        optional("sweep", v -> v == null || v instanceof ChoiceSweep || v instanceof RangeSweep,
                                "Optional[Union[ChoiceSweep, RangeSweep]]"),
                        optional("list", v -> v == null || v instanceof List, "Optional[List[Any]]"),
                        optional("reverse", v -> v instanceof Boolean, "bool"))));
                case "glob" -> {
                    Map<String, Object> bound = bind(args, kwargs, List.of(
                            required("include", v -> v instanceof String || v instanceof List, "Union[List[str], str]"),
                            optional("exclude", v -> v == null || v instanceof String || v instanceof List,
                                    "Optional[Union[List[str], str]]")));
                    yield new GlobSweep(strings(bound.get("include")), strings(bound.get("exclude")));
                }
                default -> throw new HydraSweepException("Unknown function '" + name + "'\nAvailable: bool,choice,"
                        + "float,glob,int,interval,range,shuffle,sort,str,tag");
            };
        } catch (CallError e) {
            throw new HydraSweepException(e.pythonType + " while evaluating '" + text + "': " + e.getMessage());
        }
    }

    private static Object unquote(Object v) {
        return v instanceof Quoted q ? q.text() : v;
    }

    private static boolean isElementOrChoiceOrRange(Object v) {
        return v != null && !(v instanceof IntervalSweep) && !(v instanceof GlobSweep);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v) {
        return (List<Object>) v;
    }

    private static List<String> strings(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        return list(v).stream().map(x -> x instanceof Quoted q ? q.text() : String.valueOf(x)).toList();
    }

    // ------------------------------------------------------------------ binding (inspect.Signature.bind)

    private static Parameter varArgs(String name, Predicate<Object> accepts, String type) {
        return new Parameter(name, true, false, accepts, type);
    }

    private static Parameter required(String name, Predicate<Object> accepts, String type) {
        return new Parameter(name, false, true, accepts, type);
    }

    private static Parameter optional(String name, Predicate<Object> accepts, String type) {
        return new Parameter(name, false, false, accepts, type);
    }

    /** Binds as Python does, then checks each bound argument's type as Hydra's {@code Functions.eval} does. */
    private static Map<String, Object> bind(List<Object> args, Map<String, Object> kwargs, List<Parameter> params) {
        Map<String, Object> bound = new LinkedHashMap<>();
        int next = 0;
        for (Parameter p : params) {
            if (p.varArgs()) {
                bound.put(p.name(), new ArrayList<>(args.subList(next, args.size())));
                next = args.size();
            } else if (next < args.size()) {
                bound.put(p.name(), args.get(next++));
            }
        }
        if (next < args.size()) {
            throw new CallError("TypeError", "too many positional arguments");
        }
        for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
            Parameter p = params.stream().filter(x -> x.name().equals(kw.getKey()) && !x.varArgs()).findFirst()
                    .orElseThrow(() -> new CallError("TypeError", "got an unexpected keyword argument '"
                            + kw.getKey() + "'"));
            if (bound.containsKey(p.name())) {
                throw new CallError("TypeError", "multiple values for argument '" + p.name() + "'");
            }
            bound.put(p.name(), kw.getValue());
        }
        for (Parameter p : params) {
            if (p.required() && !bound.containsKey(p.name())) {
                throw new CallError("TypeError", "missing a required argument: '" + p.name() + "'");
            }
            if (!bound.containsKey(p.name()) || p.typeText().isEmpty()) {
                continue;
            }
            if (p.varArgs()) {
                List<Object> values = list(bound.get(p.name()));
                for (int i = 0; i < values.size(); i++) {
                    if (!p.accepts().test(values.get(i))) {
                        throw new CallError("TypeError", "mismatch type argument " + p.name() + "[" + i + "]: "
                                + HydraValues.typeName(values.get(i)) + " is incompatible with " + p.typeText());
                    }
                }
            } else if (!p.accepts().test(bound.get(p.name()))) {
                throw new CallError("TypeError", "mismatch type argument " + p.name() + ": "
                        + HydraValues.typeName(bound.get(p.name())) + " is incompatible with " + p.typeText());
            }
        }
        return bound;
    }

    // ------------------------------------------------------------------ the functions

    private static Object normalizeCastValue(List<Object> args, Object value) {
        if (!args.isEmpty() && value != null) {
            throw new CallError("TypeError", "cannot use both position and named arguments");
        }
        if (value != null) {
            return value;
        }
        if (args.isEmpty()) {
            throw new CallError("TypeError", "No positional args or value specified");
        }
        return args.size() == 1 ? args.getFirst() : new ChoiceSweep(new ArrayList<>(args), true, false);
    }

    private static Object cast(String to, Object value) {
        Function<Object, Object> self = v -> cast(to, v);
        return switch (value) {
            case Quoted q -> cast(to, q.text());
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k, self.apply(v)));
                yield out;
            }
            case List<?> l -> l.stream().map(self).toList();
            case ChoiceSweep c -> new ChoiceSweep(c.items().stream().map(self).toList(), c.simpleForm(), false);
            case RangeSweep r -> {
                if (!to.equals("int") && !to.equals("float")) {
                    throw new CallError("ValueError", "Range can only be cast to int or float");
                }
                yield new RangeSweep(self.apply(r.start()), self.apply(r.stop()), self.apply(r.step()), false);
            }
            case IntervalSweep i -> switch (to) {
                case "int" -> new IntervalSweep(Math.floor(i.start()), Math.floor(i.end())); // int() then float()
                case "float" -> i;
                default -> throw new CallError("ValueError", "Intervals cannot be cast to " + to);
            };
            case null -> throw new CallError("AssertionError", "");
            default -> castPrimitive(to, value);
        };
    }

    private static Object castPrimitive(String to, Object v) {
        return switch (to) {
            case "int" -> switch (v) {
                case Boolean b -> b ? BigInteger.ONE : BigInteger.ZERO;
                case BigInteger i -> i;
                case Double d -> {
                    if (d.isNaN() || d.isInfinite()) {
                        throw new CallError(d.isNaN() ? "ValueError" : "OverflowError",
                                "cannot convert float " + HydraValues.pythonRepr(d) + " to integer");
                    }
                    yield new BigDecimal(d).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
                }
                case String s -> {
                    String t = s.strip();
                    if (!t.matches("[+-]?[0-9](?:_?[0-9])*")) {
                        throw new CallError("ValueError", "invalid literal for int() with base 10: '" + s + "'");
                    }
                    yield new BigInteger(t.replace("_", ""));
                }
                default -> throw new CallError("AssertionError", "");
            };
            case "float" -> switch (v) {
                case String s -> {
                    String t = s.strip();
                    if (!PYTHON_FLOAT.matcher(t).matches()) {
                        throw new CallError("ValueError", "could not convert string to float: '" + s + "'");
                    }
                    yield OverrideParser.pythonFloat(t);
                }
                default -> HydraValues.asDouble(v);
            };
            case "str" -> switch (v) {
                case Boolean b -> b ? "true" : "false";
                case Double d -> HydraValues.pythonRepr(d);
                default -> v.toString();
            };
            case "bool" -> switch (v) {
                case String s -> {
                    if (s.equalsIgnoreCase("false")) {
                        yield false;
                    }
                    if (s.equalsIgnoreCase("true")) {
                        yield true;
                    }
                    throw new CallError("ValueError", "Cannot cast '" + s + "' to bool");
                }
                case Boolean b -> b;
                case BigInteger i -> i.signum() != 0;
                case Double d -> d != 0;
                default -> throw new CallError("AssertionError", "");
            };
            default -> throw new IllegalStateException(to);
        };
    }

    private static Object choice(List<Object> args) {
        if (args.isEmpty()) {
            throw new CallError("ValueError", "empty choice is not legal");
        }
        if (args.size() == 1 && args.getFirst() instanceof ChoiceSweep first) {
            if (first.simpleForm()) {
                return new ChoiceSweep(first.items(), false, first.shuffle());
            }
            throw new CallError("ValueError", "nesting choices is not supported");
        }
        return new ChoiceSweep(new ArrayList<>(args), false, false);
    }

    private static Object tag(Map<String, Object> bound) {
        List<Object> args = new ArrayList<>(list(bound.get("args")));
        if (bound.get("sweep") != null) {
            args.add(bound.get("sweep"));
        }
        if (args.isEmpty()) {
            throw new CallError("ValueError", "Not enough arguments to tag, must take at least a sweep");
        }
        if (!(args.getLast() instanceof Sweep sweep)) {
            throw new CallError("ValueError", "Last argument to tag() must be a choice(), range() or interval(), "
                    + "got NoneType");
        }
        for (Object t : args.subList(0, args.size() - 1)) {
            if (!(t instanceof String)) {
                throw new CallError("ValueError", "tag arguments type must be string, got "
                        + HydraValues.typeName(t));
            }
        }
        return sweep; // tags mean nothing to the basic sweeper
    }

    private static Object shuffle(Map<String, Object> bound) {
        if (bound.get("list") != null) {
            List<Object> copy = new ArrayList<>(list(bound.get("list")));
            Collections.shuffle(copy);
            return copy;
        }
        if (bound.get("sweep") != null) {
            return shuffled(bound.get("sweep"));
        }
        List<Object> args = list(bound.get("args"));
        if (args.size() == 1) {
            Object arg = args.getFirst();
            if (arg instanceof ChoiceSweep || arg instanceof RangeSweep) {
                return shuffled(arg);
            }
            if (arg instanceof List<?> l) {
                List<Object> copy = new ArrayList<>(l);
                Collections.shuffle(copy);
                return copy;
            }
            return List.of(arg);
        }
        return new ChoiceSweep(new ArrayList<>(args), true, true);
    }

    private static Object shuffled(Object sweep) {
        return switch (sweep) {
            case ChoiceSweep c -> new ChoiceSweep(c.items(), c.simpleForm(), true);
            case RangeSweep r -> new RangeSweep(r.start(), r.stop(), r.step(), true);
            default -> throw new IllegalStateException();
        };
    }

    private static Object sort(Map<String, Object> bound) {
        boolean reverse = Boolean.TRUE.equals(bound.get("reverse"));
        if (bound.get("list") != null) {
            return sorted(list(bound.get("list")), reverse);
        }
        if (bound.get("sweep") != null) {
            return sortSweep(bound.get("sweep"), reverse);
        }
        List<Object> args = list(bound.get("args"));
        if (args.size() == 1) {
            Object arg = args.getFirst();
            if (arg instanceof ChoiceSweep || arg instanceof RangeSweep) {
                return sortSweep(arg, reverse);
            }
            if (arg instanceof List<?> l) {
                return sorted(new ArrayList<>(l), reverse);
            }
            return arg;
        }
        for (Object arg : args) {
            if (!(arg instanceof String || HydraValues.isNumber(arg))) {
                throw new CallError("TypeError", "Invalid arguments: " + args);
            }
        }
        if (args.isEmpty()) {
            throw new CallError("ValueError", "empty sort input");
        }
        return sortSweep(new ChoiceSweep(new ArrayList<>(args), true, false), reverse);
    }

    private static List<Object> sorted(List<?> values, boolean reverse) {
        List<Object> out = new ArrayList<>(values);
        try {
            out.sort(reverse ? (a, b) -> HydraValues.compare(b, a) : HydraValues::compare);
        } catch (HydraSweepException e) {
            throw new CallError("TypeError", e.getMessage().replaceFirst("^TypeError: ", ""));
        }
        return out;
    }

    private static Object sortSweep(Object sweep, boolean reverse) {
        if (sweep instanceof ChoiceSweep c) {
            return new ChoiceSweep(sorted(c.items(), reverse), c.simpleForm(), c.shuffle());
        }
        RangeSweep r = (RangeSweep) sweep;
        int direction = HydraValues.compare(r.start(), r.stop());
        Object absStep = abs(r.step());
        if (!reverse && direction > 0) {
            return new RangeSweep(add(r.stop(), absStep), add(r.start(), absStep), negate(r.step()), r.shuffle());
        }
        if (reverse && direction < 0) {
            return new RangeSweep(add(r.stop(), negate(absStep)), add(r.start(), negate(absStep)), negate(r.step()),
                    r.shuffle());
        }
        return r;
    }

    private static Object abs(Object n) {
        return n instanceof Double d ? (Object) Math.abs(d) : asInteger(n).abs();
    }

    private static Object negate(Object n) {
        return n instanceof Double d ? (Object) (-d) : asInteger(n).negate();
    }

    private static Object add(Object a, Object b) {
        if (a instanceof Double || b instanceof Double) {
            return HydraValues.asDouble(a) + HydraValues.asDouble(b);
        }
        return asInteger(a).add(asInteger(b));
    }

    static BigInteger asInteger(Object n) {
        return n instanceof Boolean b ? (b ? BigInteger.ONE : BigInteger.ZERO) : (BigInteger) n;
    }
}
