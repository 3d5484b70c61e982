"""The annotator round trip (``criteria annotate``): export documents to brat or Label Studio for
correction (``brat``, ``labelstudio``, both through the neutral ``regions``), import the corrected
annotations as gold files, check gold files against the guideline (``validate``), and measure the
agreement of two annotation sets (``diff``). The typer sub-app is ``cli.app``."""
