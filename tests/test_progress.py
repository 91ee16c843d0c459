"""make train and make bench say how far they are (tools/progress.py) on stderr."""
from tools.progress import progress


def test_progress_says_how_far_and_when_done(capsys):
    items = list(progress(range(5), "reading pages", every_s=0))
    assert items == list(range(5))
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("reading pages: 1/5 (") and "left" in lines[0]
    assert lines[-1].startswith("reading pages: 5/5 done in ")


def test_train_and_bench_report_progress():
    import inspect

    import tools.train
    import tools.train_quotes

    assert tools.train.progress is progress and tools.train_quotes.progress is progress
    assert "progress(" in inspect.getsource(tools.train.load_pages)
    assert "progress(" in inspect.getsource(tools.train_quotes.collect)
