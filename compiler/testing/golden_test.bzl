"""graph_golden_test: FileCheck golden tests of the graph text after each compiler pass."""

def graph_golden_test(name, graph, passes, check, keep = [], feeds = [], **kwargs):
    """Runs `passes` on the text GraphDef `graph` and checks the printed graphs with FileCheck.

    The output has a "// input" section and one "// after <pass>" section per pass run (see
    //compiler/testing:golden_pass_runner); `check` holds the CHECK lines.

    Args:
      name: the test's name.
      graph: a text GraphDef (.pbtxt) file.
      passes: pass names in order: constant_folding, simplify, cse, dce, cleanup.
      check: the FileCheck file.
      keep: node names to keep (fetches, targets).
      feeds: fed node names.
      **kwargs: passed to the sh_test (size, tags, ...).
    """
    runner = "//compiler/testing:golden_pass_runner"
    native.sh_test(
        name = name,
        srcs = ["//compiler/testing:run_golden_test.sh"],
        args = [
            "$(location %s)" % runner,
            "$(location %s)" % check,
            "--graph=$(location %s)" % graph,
            "--passes=" + ",".join(passes),
            "--keep=" + ",".join(keep),
            "--feeds=" + ",".join(feeds),
        ],
        data = [runner, graph, check],
        **kwargs
    )
