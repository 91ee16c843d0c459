"""`make train` rebuilds the shipped models exactly: training is a pure function of the dev data and
the code, and the files in src/dateline/layout/models/ are its output. A change to the features, the
labeller or the story splitter that moves a model fails here until `make train` is run and its files
are committed (docs/training.md)."""
import platform
import subprocess
import sys

import pytest

from tools import reproducible, train


def test_differing_names_each_file_that_is_not_what_training_made(tmp_path):
    made, shipped = tmp_path / "made", tmp_path / "shipped"
    made.mkdir()
    shipped.mkdir()
    for d in (made, shipped):
        (d / "same.json").write_text("{}")
    (made / "moved.json").write_text('{"a":1}')
    (shipped / "moved.json").write_text('{"a":2}')
    (made / "new.json").write_text("{}")
    (shipped / "stale.json").write_text("{}")
    assert train.differing(made, shipped) == [
        "stale.json: shipped but not rebuilt by make train",
        "moved.json: differs from what make train makes",
        "new.json: made by make train but not shipped",
    ]


def test_the_two_lanes_train_every_model_once_in_the_order_of_trainers():
    order = [name for name, _ in train.TRAINERS]
    assert sorted(name for lane in train.LANES for name in lane) == sorted(order)
    for lane in train.LANES:
        assert list(lane) == sorted(lane, key=order.index)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.timeout(1800)  # every model trained once: about 100 s of CPU, many times that in wall time under load
def test_the_shipped_models_are_what_make_train_makes(capsys):
    code = train.check()
    out = capsys.readouterr().out
    assert code == 0, [line for line in out.splitlines() if line.startswith("DRIFT")]


def test_training_runs_with_numpy_on_its_plain_code_whatever_the_cpu():
    """numpy's AVX2 and AVX-512 code gives sums a last bit apart from its plain code's, and from them other
    trees: `make train` reruns itself with those paths off (tools/reproducible.py). This numpy must honour
    the switch, or an AVX-512 machine makes other model files than the shipped ones."""
    env = reproducible.reproducible_env()
    if env is None:
        pytest.skip(f"not x86-64 ({platform.machine()}): numpy's vector code there is not switched off")
    probe = ("from numpy._core._multiarray_umath import __cpu_features__ as found, __cpu_dispatch__ as targets;"
             "print(sorted(t for t in targets if found.get(t)))")
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
