"""The machinery shared by every check: run the learner's function, compare, name the mistake."""

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bpteach.exercises.diagnoses import DIAGNOSES
from bpteach.exercises.language import N_, _, ngettext, using
from bpteach.exercises.report import CheckResult, OutputReport, Problem
from bpteach.gradcheck import numerical_gradient

_RTOL = 1e-7  # "correct": agrees with the reference to this, relative to its size
_VARIANT_RTOL = 1e-6  # "matches a known mistake": agrees with that variant to this



@dataclass
class _Case:
    """One run: the inputs, bpteach's outputs, central differences, wrong variants."""

    label: str
    inputs: dict
    expected: tuple
    numeric: tuple | None = None
    variants: dict = field(default_factory=dict)  # diagnosis key -> tuple (None where not affected)
    n: int = 1  # batch size, for the factor-N diagnoses
    compare: object = None  # optional: compare(got_outputs, call_state) -> extra problems
    equation: str | None = None  # optional: the EQUATIONS key of what is right in this case
    # per output: (the quantities a learner can confuse {name: array}, the right expression), or None
    quantities: tuple | None = None


def _close(a, b, rtol):
    scale = max(1.0, float(np.max(np.abs(b)))) if b.size else 1.0
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=rtol * 1e-3 * scale))


def _generic_diagnoses(got, expected, n):
    """Mistakes any output can make: sign, stray factors, transposition, shape (every match)."""
    found = []
    if got.shape == expected.shape:
        factors = [(-1.0, "sign_error"), (0.5, "factor_half"), (2.0, "factor_two")]
        if n > 1:
            factors += [(1.0 / n, "divided_by_batch_size"), (float(n), "times_batch_size")]
        found += [key for factor, key in factors if _close(got, factor * expected, _VARIANT_RTOL)]
    if got.ndim == 2 and got.T.shape == expected.shape and _close(got.T, expected, _VARIANT_RTOL):
        found.append("transposed")
    if got.size == expected.size and got.shape != expected.shape and _close(
            got.reshape(expected.shape), expected, _VARIANT_RTOL):
        found.append("shape_only")
    return found


def _learner_line(error):
    """The deepest line of the learner's own code in a traceback ('' if none).

    Frames in bpteach itself (the checker, or a reference solution that the
    learner's code calls) and in NumPy are skipped: the line shown is the
    learner's own call that went wrong.
    """
    checker = str(Path(__file__).resolve().parent)  # bpteach/exercises: the checker itself
    package = str(Path(__file__).resolve().parents[1])  # bpteach: what the learner's code may call
    all_frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if str(Path(f.filename).resolve().parent) != checker
                  and "/numpy/" not in f.filename.replace("\\", "/")]
    frames = [f for f in all_frames if str(Path(f.filename).resolve().parent) != package]
    if not frames:
        return ""
    frame = frames[-1]
    code = _(": {code}").format(code=frame.line.strip()) if frame.line and frame.line.strip() else ""
    inside = ""
    if all_frames[-1] is not frame:  # it went wrong inside a bpteach function that this line calls
        inside = _("; the error came from bpteach's {function}, which that line calls: check the shapes "
                   "of the arguments you pass it").format(function=all_frames[-1].name)
    return _(" (in {function}, line {line}{code}{inside})").format(
        function=frame.name, line=frame.lineno, code=code, inside=inside)


def _explain_exception(error, signature):
    text = f"{type(error).__name__}: {error}"
    hint = ""
    if isinstance(error, TypeError) and "argument" in str(error) and not _learner_line(error):
        hint = _(" — your function must take the arguments of {signature}, in that order.").format(
            signature=signature.split(" ->")[0])
    elif isinstance(error, TypeError) and (method := _uncalled_method(error)):
        hint = " — " + method
    elif isinstance(error, NotImplementedError):
        hint = _(" — the skeleton is still there: replace it with your code.")
    elif isinstance(error, ValueError) and ("broadcast" in str(error) or "aligned" in str(error)
                                            or "mismatch" in str(error)):
        hint = " — " + shape_hint(error)
    return text + _learner_line(error) + hint + _row_not_batch(error)


def _uncalled_method(error):
    """``new = W.copy`` (no parentheses): a method of an array, never called, used as a number."""
    tb, frame = error.__traceback__, None
    package = str(Path(__file__).resolve().parents[1])
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename.replace("\\", "/")
        if "/numpy/" not in name and not str(Path(name).resolve()).startswith(package):
            frame = tb.tb_frame
        tb = tb.tb_next
    if frame is None or "method" not in str(error):
        return ""
    found = []
    for name, value in frame.f_locals.items():
        owner = getattr(value, "__self__", None)
        if callable(value) and isinstance(owner, np.ndarray):
            array = next((k for k, v in frame.f_locals.items() if v is owner), None)
            method = f"{array}.{value.__name__}" if array else f"….{value.__name__}"
            said = method if name == method else f"{name} = {method}"
            found.append(_("{said} is the method itself, not its result: a method is called with "
                           "parentheses, {method}()").format(said=said, method=method))
    return _("; ").join(found) + _(".") if found else ""


def _row_not_batch(error):
    """``x[n]`` (one row, the sample axis dropped) passed where a batch of one, ``x[n:n+1]``, is meant."""
    package = str(Path(__file__).resolve().parents[1])
    tb, learner = error.__traceback__, None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename.replace("\\", "/")
        if "/numpy/" not in name and not str(Path(name).resolve()).startswith(package):
            learner = tb
        tb = tb.tb_next
    if learner is None:
        return ""
    line = next((f.line for f in traceback.extract_tb(error.__traceback__)
                 if f.lineno == learner.tb_lineno and f.name == learner.tb_frame.f_code.co_name), "") or ""
    found = []
    for array, index in re.findall(r"\b([A-Za-z_]\w*)\[([A-Za-z_]\w*)\]", line):
        value, i = learner.tb_frame.f_locals.get(array), learner.tb_frame.f_locals.get(index)
        if isinstance(value, np.ndarray) and value.ndim == 2 and isinstance(i, int | np.integer):
            found.append(_("{array}[{index}] is one row of {array}, of shape {row}: the sample axis is gone. "
                           "{array}[{index}:{index}+1] keeps it, a batch of one sample of shape {batch}")
                         .format(array=array, index=index, row=value[i].shape, batch=value[i:i + 1].shape))
    return (" — " + _("; ").join(dict.fromkeys(found)) + _(".")) if found else ""


def _learner_locals(error):
    """The arrays named in the learner's failing line, and the line: ``({name: array}, line)``."""
    checker = str(Path(__file__).resolve().parent)
    tb, frame = error.__traceback__, None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename.replace("\\", "/")
        if "/numpy/" not in name and not str(Path(name).resolve()).startswith(checker):
            frame = tb
        tb = tb.tb_next
    if frame is None:
        return {}, ""
    line = traceback.extract_tb(error.__traceback__)
    line = next((f.line for f in reversed(line) if f.lineno == frame.tb_lineno
                 and f.name == frame.tb_frame.f_code.co_name), "") or ""
    words = set(re.findall(r"[A-Za-z_]\w*", line))
    arrays = {k: v for k, v in frame.tb_frame.f_locals.items()
              if (k in words or not words) and isinstance(v, np.ndarray)}
    return arrays, line


def shape_hint(error):
    """A hint for a shape error, computed from the shapes of the arrays on the failing line."""
    arrays, line = _learner_locals(error)
    shown = _(", ").join(_("{name} is {shape}").format(name=k, shape=tuple(v.shape))
                         for k, v in arrays.items())
    hints = []
    message = str(error)
    shapes = [tuple(int(n) for n in re.findall(r"\d+", m)) for m in re.findall(r"\(([\d, ]*)\)", message)]
    if "broadcast" in message and len(shapes) >= 2:
        a, b = shapes[0], shapes[1]
        if len(a) == len(b) == 2 and a == b[::-1]:
            hints.append(_("{a} and {b} are transposes of each other: a .T too many or too few on that line")
                         .format(a=a, b=b))
        if len(a) == 2 and len(b) == 2 and a[1] == b[0] and a != b and a != b[::-1]:
            hints.append(_("if you meant the matrix product of {a} and {b}, this needs @, not *")
                         .format(a=a, b=b))
        for square, other in ((a, b), (b, a)):
            if len(square) == 2 == len(other) and square[0] == square[1] == other[0] != other[1]:
                hints.append(_("the {square} array has one row and one column per sample: a matrix product "
                               "that sums over the outputs and mixes the samples (a @ b.T); a sum over each "
                               "row is (a * b).sum(axis=1, keepdims=True)").format(square=square))
        for full, short in ((a, b), (b, a)):
            if len(full) == 2 and len(short) == 1 and short[0] == full[0] != full[1]:
                hints.append(_("the {short} is a sum over axis=1 of a {full} array without keepdims=True: "
                               "keep the axis (keepdims=True) so that it broadcasts along the rows")
                             .format(short=short, full=full))
    # the products written on the line (a @ b, with or without .T), else every pair of its arrays
    def value(name):
        base = arrays.get(name.removesuffix(".T"))
        return None if base is None or base.ndim != 2 else (base.T if name.endswith(".T") else base)

    written = [(a, b) for a, b in re.findall(r"([A-Za-z_]\w*(?:\.T)?)\s*@\s*([A-Za-z_]\w*(?:\.T)?)", line)
               if value(a) is not None and value(b) is not None and value(a).shape[1] != value(b).shape[0]]

    def flip(name):  # the other way round: with .T if written without, without if written with
        return name.removesuffix(".T") if name.endswith(".T") else f"{name}.T"

    for a_name, b_name in written:
        a, b = value(a_name), value(b_name)
        if a is None or b is None or "matmul" not in message or a.shape[1] == b.shape[0]:
            continue
        if a.shape[0] == b.shape[0]:
            hints.append(_("{product} would fit {shape}").format(product=f"{flip(a_name)} @ {b_name}",
                                                                    shape=(a.shape[1], b.shape[1])))
        if a.shape[1] == b.shape[1]:
            hints.append(_("{product} would fit {shape}").format(product=f"{a_name} @ {flip(b_name)}",
                                                                    shape=(a.shape[0], b.shape[0])))
        if b.shape[1] == a.shape[0]:
            hints.append(_("{product}, the factors swapped, would fit {shape}").format(
                product=f"{b_name} @ {a_name}", shape=(b.shape[0], a.shape[1])))
    hints = list(dict.fromkeys(hints))
    text = (_("the shapes do not fit: on that line {shapes}").format(shapes=shown) if shown
            else _("the shapes do not fit"))
    if hints:
        return _("{problem}. {hints}.").format(problem=text, hints=_("; ").join(hints))
    return _("{problem}. Compare each shape with the shapes that the exercise gives: which operand needs "
             "a .T, or which sum needs keepdims=True?").format(problem=text)


def twinned(check):
    """Decorate a public check: in a docs build, also run it in Japanese (see ``report._record_twin``)."""
    import functools
    import os

    @functools.wraps(check)
    def run(*args):  # the learner's function (or class), after the graph's number for check_graph
        result = check(*args)
        if os.environ.get("BPTEACH_REPORT_TWINS") and result.language != "ja":
            with using("ja"):
                result.twin = check(*args)
        return result

    return run


class _Checker:
    """Run one exercise's function on its cases and build the report."""

    def __init__(self, exercise, signature, output_names, equation_for, tuple_output=True, measure=None):
        self.measure = measure  # optional: measure(failures) -> what the exercise itself can measure
        self.nearest = False  # training runs: accept the variant far nearer than the right result
        self.result = CheckResult(exercise, signature)
        self.output_names = output_names
        self.equation_for = equation_for  # output name -> the EQUATIONS key of what is right
        self.tuple_output = tuple_output
        self.reports = [OutputReport(name) for name in output_names]
        self.result.outputs = self.reports

    def problem(self, key, message, equation=None, case=None):
        """Record a problem; the same problem in several cases is listed once, with its cases."""
        def same(a, b):  # the same problem, whatever the shapes and sizes quoted in it
            return re.sub(r"\d+", "#", a) == re.sub(r"\d+", "#", b)

        found = next((p for p in self.result.problems if p.key == key and same(p.message, message)), None)
        if found is None:
            found = Problem(key, message, equation)
            self.result.problems.append(found)
        if case is not None and case.label not in found.cases:
            found.cases.append(case.label)

    def _unpack(self, value, case):
        """The learner's return value as a list of arrays, or an explanation."""
        k = len(self.output_names)
        if value is None:
            return None, _("returned None: did you forget the return statement?")
        if self.tuple_output:
            if not isinstance(value, tuple | list) or len(value) != k:
                got = (_("a {type} of length {length}").format(type=type(value).__name__, length=len(value))
                       if isinstance(value, tuple | list)
                       else _("a single {type}").format(type=type(value).__name__))
                return None, _("returned {got}; expected {count} results, return {names}").format(
                    got=got, count=k, names=", ".join(self.output_names))
            values = list(value)
        else:
            values = [value]
        out = []
        for v, expected in zip(values, case.expected):
            if isinstance(v, np.ndarray):
                if not np.issubdtype(v.dtype, np.number) or np.issubdtype(v.dtype, np.complexfloating):
                    out.append(_("is an array of dtype {dtype}; expected real numbers (float64)")
                               .format(dtype=v.dtype))
                    continue
                out.append(v)
            elif isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_):
                out.append(np.asarray(v, dtype=np.float64))  # a number: judged by its shape, ()
            else:
                out.append(_("is a {type}, {value}; expected a NumPy array of shape {shape}").format(
                    type=type(v).__name__, value=_short_repr(v), shape=expected.shape)
                    + (_(" (wrap it with np.array(...))") if isinstance(v, list | tuple) else ""))
        return out, None

    def run(self, function, cases):
        self.result.cases = [case.label for case in cases]
        if not callable(function):
            self.problem(None, _("expected a function, got {type} {value}: pass the function itself, without "
                                 "calling it (no parentheses).").format(type=type(function).__name__,
                                                                        value=_short_repr(function)))
            for report in self.reports:
                report.correct = False
            return self.result
        kept = []  # (case label, returned arrays, snapshot): to catch results overwritten later
        for case in cases:
            for report in self.reports:
                report.cases_total += 1
            arguments = {name: _copy(value) for name, value in case.inputs.items()}
            call_state = {}
            if case.compare is not None and hasattr(case.compare, "prepare"):
                arguments = case.compare.prepare(arguments, call_state)
            # the arrays handed over inside list arguments (the function may rebind the list's items)
            handed = {name: list(value) for name, value in arguments.items() if isinstance(value, list)}
            try:
                with np.errstate(all="ignore"):
                    value = function(*arguments.values())
            except Exception as error:  # the learner's code: report it, never re-raise
                explained = _explain_exception(error, self.result.signature)
                self.problem("raised", _("your function raised {error}").format(error=explained), case=case)
                self._fail_all(case)
                continue
            for name, original in case.inputs.items():
                if isinstance(original, np.ndarray) and _changed(arguments[name], original):
                    self.problem("modified_input", _(DIAGNOSES["modified_input"][0]).format(argument=name),
                                 case=case)
                elif isinstance(original, list):  # a list of arrays, e.g. params = [W1, b1, W2, b2]
                    pairs = enumerate(zip(handed[name], original))
                    changed = [f"{name}[{i}]" for i, (now, before) in pairs
                               if isinstance(before, np.ndarray) and _changed(now, before)]
                    if changed:
                        self.problem("modified_input", _(
                            "your function changed arrays of its argument {argument} in place ({arrays}; "
                            "for example with p -= … in a loop over {argument}): the caller still needs "
                            "them. Build new arrays instead (your sgd_update does).").format(
                                argument=name, arrays=", ".join(changed)), case=case)
            if case.compare is not None:
                for key, message, equation in case.compare(value, arguments, call_state):
                    self.problem(key, message, equation, case=case)
            outputs, error = self._unpack(value, case)
            if error:
                self.problem("wrong_type", _("your function {error}").format(error=error), case=case)
                self._fail_all(case)
                continue
            for i, (report, got) in enumerate(zip(self.reports, outputs)):
                try:
                    self._judge(report, i, got, case)
                except Exception as error:  # a result so odd that judging it failed: say so, go on
                    self.problem("unjudgeable", _("bpteach could not compare {output} with its own result "
                                                  "({error}); return a float64 NumPy array").format(
                                     output=report.name, error=f"{type(error).__name__}: {error}"), case=case)
                    report.correct = False
            self._check_order(outputs, case)
            # Views of the arguments: overwrite the arguments now, as a caller might.
            arrays = [(name, got) for name, got in zip(self.output_names, outputs)
                      if isinstance(got, np.ndarray)]
            snapshot = [got.copy() for _name, got in arrays]
            for argument in arguments.values():
                if isinstance(argument, np.ndarray) and argument.flags.writeable:
                    argument[...] = 12345.0
            for (name, got), before in zip(arrays, snapshot):
                if not np.array_equal(got, before, equal_nan=True):
                    where = _("it changed when the caller overwrote your function's arguments")
                    self.problem("returns_overwritten_view",
                                 _(DIAGNOSES["returns_overwritten_view"][0]).format(output=name, where=where),
                                 case=case)
                    if got.flags.writeable:
                        got[...] = before
            # Results of earlier calls: did this call overwrite them?
            for old_arrays, old_snapshot in kept:
                for (name, got), before in zip(old_arrays, old_snapshot):
                    if not np.array_equal(got, before, equal_nan=True):
                        self.problem("returns_overwritten_view",
                                     _(DIAGNOSES["returns_overwritten_view"][0]).format(
                                         output=name, where=_("the result of an earlier call changed when "
                                                              "your function was called again: it reuses "
                                                              "one array for every result")), case=case)
            kept.append((arrays, snapshot))
        for report in self.reports:
            if report._failures:
                self._finish(report)
        if not self.result.passed and not getattr(self, "probing", False):
            self._try_argument_orders(function, cases)
        return self.result

    def _try_argument_orders(self, function, cases):
        """Swapped parameters (``def output_delta(t, y)``): call with the arguments reordered."""
        import inspect
        from itertools import permutations

        names = list(cases[0].inputs)
        if len(names) < 2:
            return
        try:  # parameters named as the exercise names them, in its order: not swapped
            if list(inspect.signature(function).parameters)[:len(names)] == names:
                return
        except (TypeError, ValueError):
            pass
        identity = list(range(len(names)))
        if len(names) <= 3:
            orders = [list(order) for order in permutations(identity)][1:]
        else:  # many parameters: two of them swapped
            orders = []
            for i in range(len(names)):
                for j in range(i + 1, len(names)):
                    order = identity.copy()
                    order[i], order[j] = j, i
                    orders.append(order)
        for order in orders:

            def reordered(*args, order=order):
                return function(*[args[j] for j in order])

            probe = _Checker(self.result.exercise, self.result.signature, self.output_names,
                             self.equation_for, self.tuple_output, self.measure)
            probe.probing = True
            if not probe.run(reordered, cases).passed:
                continue
            call = ", ".join(names[j] for j in order)
            try:
                params = list(inspect.signature(function).parameters)
                said = f"def {getattr(function, '__name__', 'f')}({', '.join(params)})"
            except (TypeError, ValueError):
                said = _("your function")
            signature = self.result.signature.split(" ->")[0]
            returned = _("it returns the right result when called as ({call}), but the check calls "
                         "{signature}: {function} takes them in the wrong order; put the parameters in "
                         "the order of the exercise").format(call=call, signature=signature, function=said)
            self.result.problems.insert(0, Problem(
                "argument_order", _(DIAGNOSES["argument_order"][0]).format(returned=returned)))
            for report in self.reports:
                report.diagnosis = report.diagnosis_text = report.measured = None
                report.partial = _("the order of your function's parameters explains this (above)")
            return

    def _check_order(self, outputs, case):
        """The right arrays, returned in another order (the output layer's gradients first, say)."""
        if len(outputs) < 2 or not all(isinstance(got, np.ndarray) for got in outputs):
            return

        def match(got, expected):
            return got.shape == expected.shape and _close(got.astype(np.float64), expected, _VARIANT_RTOL)

        if all(match(got, expected) for got, expected in zip(outputs, case.expected)):
            return
        left, order = list(range(len(case.expected))), []
        for got in outputs:
            j = next((j for j in left if match(got, case.expected[j])), None)
            if j is None:
                return
            left.remove(j)
            order.append(j)
        self.problem("wrong_order", _(DIAGNOSES["wrong_order"][0]).format(
            returned=", ".join(self.output_names[j] for j in order), expected=", ".join(self.output_names)),
            case=case)

    def _named_before(self, report, key):
        """The output above `report` whose mistake `key` was named, wrong in each case it is ('' if none)."""
        cases = {f[0].label for f in report._failures}
        for other in self.reports:
            if other is report:
                return ""
            if other.diagnosis == key and cases <= {f[0].label for f in other._failures}:
                return other.name
        return ""

    def _fail_all(self, case):
        """The function gave nothing to judge in this case (it raised, or returned the wrong thing)."""
        for report in self.reports:
            report.correct = False
            report.cases_unjudged += 1

    def _judge(self, report, i, got, case):
        expected = case.expected[i]
        numeric = None if case.numeric is None else case.numeric[i]
        if isinstance(got, str):
            self._wrong(report, case, got, expected)
            return
        got_f = got.astype(np.float64)
        if not np.all(np.isfinite(got_f)):
            bad = _("NaN") if np.isnan(got_f).any() else _("infinite values")
            self._wrong(report, case, _("holds {what}: look for a division by zero, log(0), or an overflow "
                                        "(np.exp of a large number)").format(what=bad), expected, got_f)
            return
        if (np.issubdtype(got.dtype, np.integer) and got.shape == expected.shape
                and not _close(got_f, expected, _RTOL) and np.any(expected != np.round(expected))
                and float(np.max(np.abs(got_f - expected))) < case.n + 1):
            # an integer array cannot hold the fractions of the right result: each value put into it
            # lost its fraction (by less than 1 each, so by less than N + 1 after a sum over N rows)
            self._wrong(report, case, None, expected, got_f, numeric, [("integer_dtype", None)])
            return
        low_precision = np.issubdtype(got.dtype, np.floating) and got.dtype.itemsize < 8
        if low_precision and _close(got_f, expected, _RTOL):
            # float32 keeps about 7 digits, so its rounding can hide inside the 1e-7 tolerance; it
            # is still the wrong precision (bpteach computes in float64): named, never passed
            self._wrong(report, case, None, expected, got_f, numeric, [("low_precision", None)])
            return
        if _close(got_f, expected, _RTOL):
            report.cases_passed += 1
            report.largest_difference_all = max(report.largest_difference_all,
                                                float(np.max(np.abs(got_f - expected), initial=0.0)))
            if numeric is not None:
                diff = float(np.max(np.abs(numeric - expected), initial=0.0))
                report.numeric_difference_all = max(report.numeric_difference_all or 0.0, diff)
            return
        matches = [(key, None) for key, alternatives in case.variants.items()
                   if any(out[i] is not None and out[i].shape == got_f.shape
                          and not _close(out[i], expected, _RTOL) and _close(got_f, out[i], _VARIANT_RTOL)
                          for out in (alternatives if isinstance(alternatives, list) else [alternatives]))]
        if not matches and self.nearest and got_f.shape == expected.shape:
            matches += self._nearest_variant(i, got_f, expected, case)
        matches += scale_candidates(got_f, expected, case.n)
        matches += [(key, None) for key in _generic_diagnoses(got_f, expected, case.n)
                    if key in ("transposed", "shape_only")]
        if case.quantities is not None and case.quantities[i] is not None:
            operands, right = case.quantities[i]
            matches += match_candidates(got_f, expected, operands, right, tuple(case.inputs), report.name)
        if got.dtype.itemsize < 8 and _close(got_f, expected, 1e-3):
            matches.insert(0, ("low_precision", None))
        self._wrong(report, case, None, expected, got_f, numeric, matches)

    @staticmethod
    def _nearest_variant(i, got, expected, case):
        """Training runs amplify rounding: the variant far nearer to the result than the right one is."""
        distances = []
        for key, alternatives in case.variants.items():
            for out in (alternatives if isinstance(alternatives, list) else [alternatives]):
                if out[i] is not None and out[i].shape == got.shape and np.all(np.isfinite(out[i])):
                    distances.append((float(np.max(np.abs(got - out[i]))), key))
        if not distances:
            return []
        distance, key = min(distances)
        wrong_by = float(np.max(np.abs(got - expected)))
        others = [d for d, k in distances if k != key]
        if distance <= 0.01 * wrong_by and all(distance <= 0.01 * d for d in others):
            return [(key, None)]
        return []

    def _wrong(self, report, case, message, expected, got=None, numeric=None, matches=()):
        """Record a case in which an output was wrong; :meth:`_finish` picks the one to report."""
        report.correct = False
        report._failures.append((case, message, expected, got, numeric, list(matches)))

    def _finish(self, report):
        """Name the mistake that holds in every failing case, or say in how many it holds.

        A mistake is named only if it explains every failing case with a usable result, and
        if a factor, a sign or a shape, only if at least one of those cases is a batch of
        several samples with more than one number (a single sample cannot tell them apart).
        """
        failures = [f for f in report._failures if f[3] is not None and f[1] is None]
        texts, holds = {}, {}
        for f in failures:
            for key, text in f[5]:
                texts.setdefault(key, text)
                holds.setdefault(key, []).append(f)

        def decided(key):  # a single number decides nothing; a single sample no shape
            if key in _SHAPES:
                return any(f[0].n > 1 or (key == "transposed" and min(f[2].shape) > 1) for f in holds[key])
            if key in _NEEDS_A_BATCH or key.startswith("expression:"):
                return any(f[2].size > 1 for f in holds[key])
            return True

        order = list(texts)
        stated = [key for key in order if len(holds[key]) == len(failures) and decided(key)]
        diagnosis = stated[0] if stated else None
        partial = None
        if diagnosis is None and order:
            best = max(order, key=lambda k: len(holds[k]))
            partial = (best, len(holds[best]), len(failures))
        if diagnosis:
            shown = next((f for f in holds[diagnosis] if f[0].n > 1), holds[diagnosis][0])
        else:
            shown = next((f for f in report._failures if f[1] is None and f[3] is not None
                          and f[3].shape == f[2].shape and f[0].n > 1), report._failures[0])
        case, message, expected, got, numeric, _matches = shown
        report.failed_case = case.label
        report.expected_shape = expected.shape
        report.got_shape = None if got is None else got.shape
        if message is None:
            if got.shape != expected.shape:
                message = _("wrong shape")
            elif diagnosis:
                message = _("wrong")
            else:
                message = _("does not match bpteach's result")
            report.max_difference = (float(np.max(np.abs(got - expected), initial=0.0))
                                     if got.shape == expected.shape else None)
            if numeric is not None and report.max_difference is not None:
                report.max_difference_numeric = float(np.max(np.abs(numeric - expected), initial=0.0))
            if diagnosis is None:
                measured = self.measure(failures, report.name) if self.measure else None
                others = [(f[3], f[2]) for f in failures if f is not shown]
                report.measured = measured or describe(got, expected, report.name, others)
                if partial:
                    key, k, m = partial
                    # the diagnosis's first clause (a Japanese text often has no colon: its first sentence)
                    said = _clause(texts[key] or re.split("[:：。]", _(DIAGNOSES[key][0]).format(
                        output=report.name, where="", argument="", returned="", expected=""), maxsplit=1)[0])
                    if k < m:
                        report.partial = ngettext(
                            "in {k} of {m} failing cases, {mistake}; in the other it does not, so that is "
                            "not the whole story",
                            "in {k} of {m} failing cases, {mistake}; in the others it does not, so that is "
                            "not the whole story", m - k).format(k=k, m=m, mistake=said)
                    elif named := self._named_before(report, key):
                        # another output of this run is wrong by the same mistake, decided there
                        report.measured = None
                        report.partial = _("{mistake}, in every failing case: consistent with the mistake "
                                           "named above for {other}").format(mistake=said, other=named)
                    else:  # it fits every failing case, but those cannot decide it (see decided)
                        single = all(f[2].size == 1 for f in holds[key])
                        where = (ngettext("in the failing case", "in all {m} failing cases", m).format(m=m))
                        why = (_("{output} is a single number in each, and one number can agree with more "
                                 "than one mistake") if single else
                               _("{output} is from a single sample (N = 1) in each, where that can come from "
                                 "more than one mistake")).format(output=report.name)
                        report.partial = _("{where}, {mistake}; but {why}, so it is not named as the "
                                           "mistake: a hint to check").format(
                                               where=where, mistake=said, why=why)
        else:
            diagnosis = None
        report.message = _("{message} [{case}]").format(message=message, case=case.label)
        if report.cases_passed:
            report.message += ngettext("; correct in {count} other case", "; correct in {count} other cases",
                                       report.cases_passed).format(count=report.cases_passed)
        if diagnosis and diagnosis.startswith("expression:"):
            report.diagnosis, report.diagnosis_text = "equals_expression", texts[diagnosis]
        else:
            report.diagnosis = diagnosis
        cited = DIAGNOSES[report.diagnosis][1] if report.diagnosis else None
        own = case.equation or self.equation_for.get(report.name)
        if report.diagnosis in _OWN_WORDS and own and cited != own:
            # a transpose or a factor explained in another exercise's terms: say it in this one's
            report.diagnosis_text = _(_OWN_WORDS[report.diagnosis]).format(output=report.name)
            cited = own
        if report.diagnosis in _ALSO_STATED_BY.get(own, ()):
            cited = own  # the exercise's own equation states the right form too: cite it
        report.equation = cited or own


#: An exercise's own equation -> the diagnoses whose right form it states as well as the equation
#: they cite (δ Wᵀ is in the dense layer's ∂E/∂x = δ Wᵀ, and in the δ recursion).
_ALSO_STATED_BY = {"dense-gradients": {"W_not_transposed"}}


#: The generic diagnoses whose table text speaks of one exercise's equation (the dense layer's
#: xᵀ δ, the ½ of the sum of squares), in words that hold in any exercise, which then cites its own.
_OWN_WORDS = {
    "transposed": N_("{output} is the transpose of the right result: a .T too many or too few, or the "
                     "factors of a product swapped. Compare its shape with the one the exercise asks for."),
    "factor_two": N_("{output} is twice the right result: a stray factor 2."),
    "factor_half": N_("{output} is half the right result: a stray factor ½."),
}


def _clause(text):
    """A sentence made a clause of another: its full stop dropped ("…y − t." → "…y − t"), so that
    the sentence around it, in either language, does not join two stops (".;", "。。")."""
    text = text.rstrip()
    if text.endswith("。") or (text.endswith(".") and not text.endswith("..")):
        text = text[:-1]
    return text


def _changed(now, before):
    """Whether the learner's function changed an argument array (its values or its shape)."""
    return (not isinstance(now, np.ndarray) or now.shape != before.shape
            or not np.array_equal(now, before, equal_nan=True))


def _copy(value):
    """A copy of an argument for the learner (arrays, and lists of arrays, copied)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _short_repr(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _batch_label(n):
    return _("a single sample (N = 1)") if n == 1 else _("a batch of N = {n} samples").format(n=n)


def _central(f, w):
    """Central differences of f() with respect to w (perturbed in place, restored)."""
    return numerical_gradient(f, w)



# ---------------------------------------------------------------------------
# Reasoning from what was measured: candidate expressions built from the
# exercise's own quantities, and a description when none of them fits
# ---------------------------------------------------------------------------

# Diagnoses that a single number, or a single sample (N = 1), cannot decide alone: a factor, a
# sign or a shape is the same there as many other mistakes. Such a case may only confirm.
_NEEDS_A_BATCH = {"sign_error", "factor_half", "factor_two", "divided_by_batch_size", "times_batch_size",
                  "shape_only", "transposed", "summed_over_batch", "missing_batch_sum", "sum_all",
                  "per_sample_not_summed"}
_SHAPES = {"shape_only", "transposed", "summed_over_batch", "missing_batch_sum", "per_sample_not_summed"}


def _forms(name, value):
    """The forms of one quantity a learner may write: itself, transposed, summed or averaged."""
    forms = [(name, value)]
    simple = name.replace("_", "").isalnum() or (name.startswith("(") and name.endswith(")"))
    wrapped = name if simple else f"({name})"
    if value.ndim == 2:
        if value.shape[0] > 1 or value.shape[1] > 1:
            forms.append((f"{wrapped}.T", value.T))
        forms += [(f"{wrapped}.sum(axis=0)", value.sum(axis=0)),
                  (f"{wrapped}.sum(axis=1)", value.sum(axis=1)),
                  (f"{wrapped}.sum(axis=0, keepdims=True)", value.sum(axis=0, keepdims=True)),
                  (f"{wrapped}.sum(axis=1, keepdims=True)", value.sum(axis=1, keepdims=True)),
                  (f"{wrapped}.sum()", np.asarray(value.sum())),
                  (f"{wrapped}.mean(axis=0)", value.mean(axis=0)),
                  (f"{wrapped}[0]", value[0])]
    return forms


def candidates(operands):
    """Expressions built from an exercise's quantities: ``[(expression, value)]``.

    Each quantity in its forms (:func:`_forms`), and every matrix product (``@``) and
    element-wise product (``*``) of two of them, where the shapes allow it.
    """
    found = []
    base = [(name, np.asarray(value, dtype=np.float64)) for name, value in operands.items()]
    for name, value in base:
        found += _forms(name, value)
    plain = []
    for name, value in base:
        if value.ndim == 2:
            plain.append((name, value))
            if value.shape[0] > 1 or value.shape[1] > 1:
                simple = name.replace("_", "").isalnum()
                plain.append((f"{name if simple else f'({name})'}.T", value.T))
    for a_name, a in plain:
        for b_name, b in plain:
            a_name, b_name = (f"({n})" if " " in n and not n.startswith("(") else n for n in (a_name, b_name))
            if a.shape[-1] == b.shape[0]:
                found.append((f"{a_name} @ {b_name}", a @ b))
            if a.shape == b.shape:
                found.append((f"{a_name} * {b_name}", a * b))
    # a row of sums or means (one number per column) times a quantity: it broadcasts over the rows
    rows = [(f, v) for name, value in base if value.ndim == 2 for f, v in _forms(name, value)
            if v.ndim == 1 and ("mean" in f or "axis=0" in f)]
    for a_name, a in plain:
        for r_name, r in rows:
            if a.shape[1] == r.shape[0] and a.shape[0] > 1:
                a_name = f"({a_name})" if " " in a_name and not a_name.startswith("(") else a_name
                found.append((f"{r_name} * {a_name}", r * a))
    return found


def _why(value, expected):
    """What an expression that the learner's result equals has to do with the right one."""
    if value.ndim == 2 and value.T.shape == expected.shape and _close(value.T, expected, _VARIANT_RTOL):
        return _(": the transpose of the right result (the factors are swapped, or a .T is misplaced)")
    if value.size == expected.size and value.shape != expected.shape and _close(
            value.reshape(expected.shape), expected, _VARIANT_RTOL):
        return _(": the right numbers in another shape")
    return ""


def match_candidates(got, expected, operands, right, arguments=(), output="the result"):
    """The expressions (from `operands`) that `output`, the learner's result, equals: ``[(key, text)]``."""
    matches, seen = [], set()
    for expression, value in _right_forms(right, expected) + candidates(operands):
        if expression == right or expression in seen or value.shape != got.shape or _close(
                value, expected, _RTOL):
            continue
        if _close(got, value, _VARIANT_RTOL):
            seen.add(expression)
            if expression in arguments:
                text = _("{output} equals your argument {expression}, unchanged; the right result is "
                         "{right}").format(output=output, expression=expression, right=right)
            else:
                # a form of the right result itself, "(right).T": not an expression that only
                # happens to end as one ("(delta @ W.T) @ (y * (1 - y)).T")
                form = (_RIGHT_FORMS.get(expression[len(right) + 2:])
                        if expression.startswith(f"({right})") else None)
                text = _("{output} equals {expression}, not {right}{why}").format(
                    output=output, expression=expression, right=right,
                    why=_(form) if form else _why(value, expected))
            matches.append(("expression:" + expression, text))
    return matches


#: What a form of the right result means, for the learner (the form's suffix -> the words).
_RIGHT_FORMS = {
    ".sum(axis=0)": N_(": the right result summed over the samples (the rows), where δ-like results keep "
                       "one row per sample"),
    ".sum(axis=1)": N_(": the right result summed over each row (axis=1)"),
    ".sum(axis=0, keepdims=True)": N_(": the right result summed over the samples (axis=0), kept as one "
                                      "row"),
    ".sum(axis=1, keepdims=True)": N_(": the right result summed over each row (axis=1)"),
    ".sum()": N_(": every entry of the right result summed into one number"),
    ".mean(axis=0)": N_(": the right result averaged over the samples (axis=0)"),
    "[0]": N_(": the first sample's row only"),
    ".T": N_(": the transpose of the right result"),
}


def _right_forms(right, expected):
    """The right result summed, averaged, transposed or cut to one row, named after `right`."""
    wrapped = f"({right})"
    return [(wrapped + expression[len(wrapped):], value)
            for expression, value in _forms(wrapped, expected)[1:]]


def scale_candidates(got, expected, n):
    """A constant factor between the learner's result and the right one: ``[(key, text)]``."""
    found = []
    if got.shape != expected.shape:
        return found
    for factor, key in ((-1.0, "sign_error"), (0.5, "factor_half"), (2.0, "factor_two")):
        if _close(got, factor * expected, _VARIANT_RTOL):
            found.append((key, None))
    if n > 1:
        for factor, key in ((1.0 / n, "divided_by_batch_size"), (float(n), "times_batch_size")):
            if _close(got, factor * expected, _VARIANT_RTOL):
                found.append((key, None))
    return found


def _constants(pairs, compare):
    """For each ``(got, expected)`` pair of the same shape, the single value of ``compare`` if it is
    constant over the entries, NaN if it is not (so that it matches no constant)."""
    values = []
    for got, expected in pairs:
        if got is None or got.shape != expected.shape or np.any(expected == 0):
            continue
        value = np.asarray(compare(got, expected), dtype=np.float64)
        values.append(float(value.flat[0]) if np.allclose(value, value.flat[0], rtol=1e-6, atol=1e-12)
                      else float("nan"))
    return values


def _list(values):
    """Numbers for a message: ``0.379, 1.143``; ``varies`` for one that is not constant."""
    return ", ".join(_("varies") if np.isnan(v) else f"{v:.4g}" for v in values)


def describe(got, expected, output="the result", others=()):
    """What was measured when no candidate fits: which entries of `output` are wrong, and how.

    `others` are the ``(got, expected)`` pairs of the other failing cases: a factor or an offset
    that is constant within this case is called a stray constant only if it is the same in each
    of them (it may be a ratio that depends on the inputs or the parameters: a missing term).
    """
    if got.shape != expected.shape:
        if got.size == 0:
            return _("{output} is empty").format(output=output)
        return None
    if not np.all(np.isfinite(got)):
        where = np.argwhere(~np.isfinite(got))
        return _("{output} is NaN or infinite in {count} of {size} entries (first at index {index})").format(
            output=output, count=len(where), size=got.size, index=tuple(int(i) for i in where[0]))
    if np.all(got == 0) and np.any(expected != 0):
        return _("{output} is zero everywhere: nothing of the right result is left (a term that cancels, or "
                 "a product with 0)").format(output=output)
    if got.size == 1:  # any factor, offset or sign fits one number: none is offered as a finding
        return _("{output} is {got:.4g} where bpteach's result is {expected:.4g} (a single number: a ratio "
                 "or "
                 "an offset measured on it tells nothing about the mistake)").format(
                     output=output, got=got.flat[0], expected=expected.flat[0])
    wrong = ~np.isclose(got, expected, rtol=_RTOL, atol=_RTOL * max(1.0, float(np.max(np.abs(expected)))))
    nonzero = np.abs(expected) > 1e-12
    if nonzero.any():
        ratio = got[nonzero] / expected[nonzero]
        if np.allclose(ratio, ratio[0], rtol=1e-6) and nonzero.all():
            elsewhere = _constants(others, lambda g, e: g / e)
            if all(np.isclose(r, ratio[0], rtol=1e-6) for r in elsewhere):
                return _("{output} is {ratio:.4g} times the right result in every entry: a stray constant "
                         "factor").format(output=output, ratio=ratio[0])
            return _("{output} is {ratio:.4g} times the right result in every entry of this case, but the "
                     "factor is not the same in the other failing cases ({others}): not a constant in "
                     "your code, but a factor or a term that depends on the inputs or the parameters, "
                     "missing or extra, before this output").format(
                         output=output, ratio=ratio[0], others=_list(elsewhere))
    offset = got - expected
    if np.allclose(offset, offset.flat[0], rtol=1e-6, atol=1e-12):
        elsewhere = _constants(others, lambda g, e: g - e)
        if all(np.isclose(o, offset.flat[0], rtol=1e-6, atol=1e-12) for o in elsewhere):
            return _("{output} differs from the right result by the same constant {offset:.4g} in every "
                     "entry").format(output=output, offset=offset.flat[0])
        return _("{output} differs from the right result by {offset:.4g} in every entry of this case, "
                 "but by another amount in the other failing cases ({others}): something that depends "
                 "on the inputs or the parameters").format(
                     output=output, offset=offset.flat[0], others=_list(elsewhere))
    if np.allclose(np.abs(got), np.abs(expected), rtol=1e-6):
        flipped = int(np.sum(np.sign(got) != np.sign(expected)))
        return _("{output} has the right size in every entry but the wrong sign in {count} of {size} (an "
                 "absolute value, or a sign that depends on the entry)").format(
                     output=output, count=flipped, size=got.size)
    if got.ndim == 2 and wrong.any():
        rows, cols = np.flatnonzero(wrong.any(axis=1)), np.flatnonzero(wrong.any(axis=0))
        if len(rows) < got.shape[0]:
            return ngettext("{output} is wrong only in row {rows} (samples); the other rows are right",
                            "{output} is wrong only in rows {rows} (samples); the other rows are right",
                            len(rows)).format(output=output, rows=", ".join(map(str, rows)))
        if len(cols) < got.shape[1]:
            return ngettext("{output} is wrong only in column {columns}; the other columns are right",
                            "{output} is wrong only in columns {columns}; the other columns are right",
                            len(cols)).format(output=output, columns=", ".join(map(str, cols)))
        return _("{output} is wrong in {count} of its {size} entries, with no constant factor, offset or "
                 "sign "
                 "pattern between it and the right result").format(
                     output=output, count=int(wrong.sum()), size=got.size)
    return None
