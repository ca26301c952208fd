"""The machinery shared by every check: run the learner's function, compare, name the mistake."""

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bpteach.exercises.diagnoses import DIAGNOSES
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
    code = f": {frame.line.strip()}" if frame.line and frame.line.strip() else ""
    inside = ""
    if all_frames[-1] is not frame:  # it went wrong inside a bpteach function that this line calls
        inside = (f"; the error came from bpteach's {all_frames[-1].name}, which that line calls: "
                  "check the shapes of the arguments you pass it")
    return f" (in {frame.name}, line {frame.lineno}{code}{inside})"


def _explain_exception(error, signature):
    text = f"{type(error).__name__}: {error}"
    hint = ""
    if isinstance(error, TypeError) and "argument" in str(error) and not _learner_line(error):
        hint = f" — your function must take the arguments of {signature.split(' ->')[0]}, in that order."
    elif isinstance(error, NotImplementedError):
        hint = " — the skeleton is still there: replace it with your code."
    elif isinstance(error, ValueError) and ("broadcast" in str(error) or "aligned" in str(error)
                                            or "mismatch" in str(error)):
        hint = (" — the shapes do not fit: print the shape of each array on that line and compare them "
                "with the shapes that the exercise gives (a missing .T, or a sum without keepdims=True, "
                "are the usual causes).")
    return text + _learner_line(error) + hint


class _Checker:
    """Run one exercise's function on its cases and build the report."""

    def __init__(self, exercise, signature, output_names, equation_for, tuple_output=True):
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
            return None, "returned None: did you forget the return statement?"
        if self.tuple_output:
            if not isinstance(value, tuple | list) or len(value) != k:
                got = (f"a {type(value).__name__} of length {len(value)}" if isinstance(value, tuple | list)
                       else f"a single {type(value).__name__}")
                return None, (f"returned {got}; expected {k} results, "
                              f"return {', '.join(self.output_names)}")
            values = list(value)
        else:
            values = [value]
        out = []
        for v, expected in zip(values, case.expected):
            if isinstance(v, np.ndarray):
                if not np.issubdtype(v.dtype, np.number) or np.issubdtype(v.dtype, np.complexfloating):
                    out.append(f"is an array of dtype {v.dtype}; expected real numbers (float64)")
                    continue
                out.append(v)
            elif isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_):
                out.append(np.asarray(v, dtype=np.float64))  # a number: judged by its shape, ()
            else:
                out.append(f"is a {type(v).__name__}, {_short_repr(v)}; expected a NumPy array of "
                           f"shape {expected.shape}" + (" (wrap it with np.array(...))"
                                                        if isinstance(v, list | tuple) else ""))
        return out, None

    def run(self, function, cases):
        self.result.cases = [case.label for case in cases]
        if not callable(function):
            self.problem(None, f"expected a function, got {type(function).__name__} {_short_repr(function)}: "
                         "pass the function itself, without calling it (no parentheses).")
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
                self.problem("raised", f"your function raised {explained}", case=case)
                self._fail_all(case)
                continue
            for name, original in case.inputs.items():
                if isinstance(original, np.ndarray) and _changed(arguments[name], original):
                    self.problem("modified_input", DIAGNOSES["modified_input"][0].format(argument=name),
                                 case=case)
                elif isinstance(original, list):  # a list of arrays, e.g. params = [W1, b1, W2, b2]
                    pairs = enumerate(zip(handed[name], original))
                    changed = [f"{name}[{i}]" for i, (now, before) in pairs
                               if isinstance(before, np.ndarray) and _changed(now, before)]
                    if changed:
                        self.problem("modified_input", (
                            f"your function changed arrays of its argument {name} in place "
                            f"({', '.join(changed)}; for example with p -= … in a loop over {name}): the "
                            "caller still needs them. Build new arrays instead (your sgd_update does)."),
                            case=case)
            if case.compare is not None:
                for key, message, equation in case.compare(value, arguments, call_state):
                    self.problem(key, message, equation, case=case)
            outputs, error = self._unpack(value, case)
            if error:
                self.problem("wrong_type", f"your function {error}", case=case)
                self._fail_all(case)
                continue
            for i, (report, got) in enumerate(zip(self.reports, outputs)):
                try:
                    self._judge(report, i, got, case)
                except Exception as error:  # a result so odd that judging it failed: say so, go on
                    self.problem("unjudgeable", f"bpteach could not compare {report.name} with its own "
                                 f"result ({type(error).__name__}: {error}); return a float64 NumPy array",
                                 case=case)
                    report.correct = False
            self._check_order(outputs, case)
            # Views of the arguments: overwrite the arguments now, as a caller might.
            arrays = [(name, got) for name, got in zip(self.output_names, outputs)
                      if isinstance(got, np.ndarray)]
            snapshot = [got.copy() for _, got in arrays]
            for argument in arguments.values():
                if isinstance(argument, np.ndarray) and argument.flags.writeable:
                    argument[...] = 12345.0
            for (name, got), before in zip(arrays, snapshot):
                if not np.array_equal(got, before, equal_nan=True):
                    self.problem("returns_overwritten_view", DIAGNOSES["returns_overwritten_view"][0].format(
                        output=name, where="it changed when the caller overwrote your function's arguments"),
                        case=case)
                    if got.flags.writeable:
                        got[...] = before
            # Results of earlier calls: did this call overwrite them?
            for old_arrays, old_snapshot in kept:
                for (name, got), before in zip(old_arrays, old_snapshot):
                    if not np.array_equal(got, before, equal_nan=True):
                        self.problem("returns_overwritten_view",
                                     DIAGNOSES["returns_overwritten_view"][0].format(
                                         output=name, where="the result of an earlier call changed when "
                                         "your function was called again: it reuses one array for every "
                                         "result"), case=case)
            kept.append((arrays, snapshot))
        for report in self.reports:
            if report._failures:
                self._finish(report)
        return self.result

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
        self.problem("wrong_order", DIAGNOSES["wrong_order"][0].format(
            returned=", ".join(self.output_names[j] for j in order), expected=", ".join(self.output_names)),
            case=case)

    def _fail_all(self, case):
        """The function gave nothing to judge in this case (it raised, or returned the wrong thing)."""
        for report in self.reports:
            report.correct = False

    def _judge(self, report, i, got, case):
        expected = case.expected[i]
        numeric = None if case.numeric is None else case.numeric[i]
        if isinstance(got, str):
            self._wrong(report, case, got, expected)
            return
        got_f = got.astype(np.float64)
        if not np.all(np.isfinite(got_f)):
            bad = "NaN" if np.isnan(got_f).any() else "infinite values"
            self._wrong(report, case, f"holds {bad}: look for a division by zero, log(0), or an overflow "
                        "(np.exp of a large number)", expected, got_f)
            return
        if _close(got_f, expected, _RTOL):
            report.cases_passed += 1
            report.largest_difference_all = max(report.largest_difference_all,
                                                float(np.max(np.abs(got_f - expected), initial=0.0)))
            if numeric is not None:
                diff = float(np.max(np.abs(numeric - expected), initial=0.0))
                report.numeric_difference_all = max(report.numeric_difference_all or 0.0, diff)
            return
        matches = [key for key, outputs in case.variants.items()
                   if outputs[i] is not None and outputs[i].shape == got_f.shape
                   and not _close(outputs[i], expected, _RTOL) and _close(got_f, outputs[i], _VARIANT_RTOL)]
        matches += _generic_diagnoses(got_f, expected, case.n)
        if got.dtype.itemsize < 8 and _close(got_f, expected, 1e-3):
            matches.insert(0, "low_precision")
        self._wrong(report, case, None, expected, got_f, numeric, matches)

    def _wrong(self, report, case, message, expected, got=None, numeric=None, matches=()):
        """Record a case in which an output was wrong; :meth:`_finish` picks the one to report."""
        report.correct = False
        report._failures.append((case, message, expected, got, numeric, list(matches)))

    def _finish(self, report):
        """Name the mistake that explains every failing case, and report the case that shows it."""
        failures = [f for f in report._failures if f[3] is not None and f[1] is None]
        named = [set(f[5]) for f in failures if f[5]]
        common = set.intersection(*named) if named else set()
        order = [key for f in failures for key in f[5]]
        diagnosis = next((key for key in order if key in common), order[0] if order else None)
        shown = next((f for f in report._failures if diagnosis and diagnosis in f[5]), report._failures[0])
        case, message, expected, got, numeric, _ = shown
        report.failed_case = case.label
        report.expected_shape = expected.shape
        report.got_shape = None if got is None else got.shape
        if message is None:
            if got.shape != expected.shape:
                message = "wrong shape"
            elif diagnosis:
                message = "wrong"
            else:
                message = ("does not match bpteach's result, and it is none of the usual mistakes: "
                           "compare your code with the equation line by line")
            report.max_difference = (float(np.max(np.abs(got - expected), initial=0.0))
                                     if got.shape == expected.shape else None)
            if numeric is not None and report.max_difference is not None:
                report.max_difference_numeric = float(np.max(np.abs(numeric - expected), initial=0.0))
        else:
            diagnosis = None
        report.message = f"{message} [{case.label}]"
        if report.cases_passed:
            report.message += (f"; correct in {report.cases_passed} other case"
                               f"{'s' if report.cases_passed > 1 else ''}")
        report.diagnosis = diagnosis
        cited = DIAGNOSES[diagnosis][1] if diagnosis else None
        report.equation = cited or case.equation or self.equation_for.get(report.name)


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
    return "a single sample (N = 1)" if n == 1 else f"a batch of N = {n} samples"


def _central(f, w):
    """Central differences of f() with respect to w (perturbed in place, restored)."""
    return numerical_gradient(f, w)

