"""The build, as one function of named stages.

    load+validate -> tables -> rules -> stats -> render -> guard -> stage -> pdf -> site build -> guard -> swap

``checked_site`` (load+validate -> tables -> rules) and ``documents`` (stats ->
render -> guard) are the one path every caller takes to the pages: ``build``,
``serve``'s refresh and the benchmarks, so none of them can skip the guard.

Every stage before the swap works in a private temporary folder; ``site/``
is touched only by the swap, after every check has passed, so a failed or
interrupted build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import functools
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from mentorkit.build import cms, crawlers, paths
from mentorkit.build.assets import publish_assets
from mentorkit.build.figures_cache import CachedFigures
from mentorkit.build.generators import GENERATORS, config_problems, load_base_config, stage_overrides, write_config
from mentorkit.build.output_dir import work_folder
from mentorkit.build.pdf_texts import CachedPdfTexts
from mentorkit.build.swap import swap_in
from mentorkit.check import rules
from mentorkit.load.cache import ReadCache, paused_collector
from mentorkit.load.content import CheckedSite, Site, checked, read_site
from mentorkit.load.disk_cache import DiskCache, cache_dir
from mentorkit.load.memo import Kept
from mentorkit.printed import documents as printables
from mentorkit.printed import engine as pdf
from mentorkit.printed import pdf_cache
from mentorkit.printed import reports as report_pdfs
from mentorkit.privacy import csp, html_gate, typed_cache
from mentorkit.privacy import gate as privacy
from mentorkit.problems import MentorkitError, Problem, errors
from mentorkit.render import brand
from mentorkit.render import outcomes as outcome_pages
from mentorkit.render import plan as page_plan
from mentorkit.render.environment import environment, nav, render_pages
from mentorkit.render.safecsv import neutralise_csv
from mentorkit.stats import figures as stats

T = TypeVar("T")


@dataclass
class Timings:
    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start


@dataclass
class BuildOptions:
    root: Path
    site_dir: Path | None = None
    generator: str = "mkdocs"
    pdf: bool = True
    #: keep what was read and printed in ``cache_dir`` (default ``<root>/.mentorkit/cache``) for the next build
    cache: bool = False
    cache_dir: Path | None = None

    @property
    def output(self) -> Path:
        return (self.site_dir or self.root / "site").resolve()


@dataclass
class BuildResult:
    site: CheckedSite
    output: Path
    pages: int
    warnings: list[Problem]
    timings: Timings


def check(
    root: Path, timings: Timings | None = None, cache: ReadCache | None = None, kept: Kept | None = None
) -> tuple[Site, list[Problem]]:
    """Load, validate and apply every cross-file rule. Never raises on bad content.

    ``cache`` (``serve``): files unchanged since its last check are not read again.
    ``kept``: what the costly rules and the typed-value scan found last time, reused where the files
    they read are unchanged (with ``cache``).
    """
    timings = timings or Timings()
    site, problems = read_site(root, cache, timings.stage)  # stages "load+validate" (YAML) and "tables" (CSV)
    # The rules and the scan make a million short-lived objects at national size, and each
    # full collection would walk everything read (2 s of a warm national check): nothing
    # they make holds a cycle.
    with paused_collector():
        with timings.stage("rules"):
            problems += rules.check(site, (kept or Kept()).rule(cache))
        with timings.stage("privacy"):
            # Where a private value was typed, not where it would be published.
            problems += typed_cache.scan(site, cache, kept or Kept())
    problems += config_problems(root)  # the site's mkdocs.yml, over mentorkit's defaults
    # The later stages take a CheckedSite: hand one over whenever programme.yaml loaded.
    return checked(site) or site, problems


def render_docs(
    site: CheckedSite, figures: dict[str, Any], with_pdfs: bool = False
) -> tuple[dict[str, str], list[Any], list[Problem]]:
    """The site's Markdown pages and navigation, in memory.

    ``with_pdfs``: the build also makes the PDFs, so pages link to them (a link to a
    PDF that is not built would fail the generator's strict link check).
    """
    pages, problems = page_plan.plan(site, figures)
    env = environment(site.root / "content" / "templates")
    common = {"programme": site.programme, "figures": figures, "pdfs": printables.links(site) if with_pdfs else None}
    docs = render_pages(pages, env, common)
    docs.update(outcome_pages.files(site, figures))  # charts, open data CSVs, datapackage.json
    colours = brand.stylesheet(site.programme)
    if colours:
        docs[brand.STYLESHEET] = colours
    docs.update(cms.admin_docs(site.root, site.programme.short_name, site.programme.site.url))  # the form editor
    return (
        {rel: neutralise_csv(text) if rel.endswith(".csv") else text for rel, text in docs.items()},
        nav(pages),
        problems,
    )


@dataclass
class WouldLeak(MentorkitError):
    """A rendered page holds a private value: nothing may be staged from this render.

    ``secrets``: the site's private values, so ``serve`` can say why in the
    browser and prove it did not repeat one.
    """

    secrets: list[privacy.Secret] = field(default_factory=list)


@dataclass
class Documents:
    """A checked site turned into what the generator is given, every page privacy-scanned."""

    site: CheckedSite
    figures: dict[str, Any]
    docs: dict[str, str]
    navigation: list[Any]
    #: The site's private values, ready to search for: the PDFs and the built site are searched with it too.
    matcher: privacy.Matcher


def cached_check(
    root: Path, timings: Timings, disk: DiskCache | None, run: Callable[..., T], kept: Kept | None = None
) -> T:
    """``run(root, timings, cache, typed)`` (``check`` or ``checked_site``) with the read cache kept on disk.

    The cache is saved even when the content has errors: the next run, after the fix, reads only the fix.
    ``kept``: the build passes its own, to search the pages with the private values it kept.
    """
    if disk is None:
        return run(root, timings)
    with timings.stage("cache"):
        cache = disk.read_cache()
    try:
        return run(root, timings, cache, kept or Kept(disk))
    finally:
        with timings.stage("cache"):
            disk.save_read_cache(cache)


def checked_site(
    root: Path, timings: Timings, cache: ReadCache | None = None, kept: Kept | None = None
) -> tuple[CheckedSite, list[Problem]]:
    """``check``, raising when the content has errors.

    Private values typed into Markdown are left for ``documents`` to raise
    with what the render would leak, so one message says where each was typed
    and where it would be published.
    """
    loaded, problems = check(root, timings, cache, kept)
    site = checked(loaded)
    if site is None or any(p.code != "privacy-leak" for p in errors(problems)):
        raise MentorkitError("the content has errors; nothing was built", problems)
    return site, problems


def documents(
    site: CheckedSite,
    timings: Timings,
    *,
    with_pdfs: bool = False,
    compute: Callable[[CheckedSite], dict[str, Any]] = stats.compute,
    checked_problems: list[Problem] | None = None,
    matcher: Callable[[CheckedSite], privacy.Matcher] | None = None,
    clean: privacy.Clean | None = None,
) -> Documents:
    """stats -> render -> the Markdown privacy scan. Raises when pages clash or would leak.

    ``compute``: ``serve`` passes one that reuses unchanged figures.
    ``checked_problems``: ``checked_site``'s; private values it found typed into
    the content are raised with the render's leaks.
    ``matcher``: the site's private values ready to search for (the build's come from its cache);
    ``clean``: pages found clean with them by the last build, not searched again.
    """
    with timings.stage("stats"):
        figures = compute(site)
    with timings.stage("render"):
        docs, navigation, conflicts = render_docs(site, figures, with_pdfs=with_pdfs)
    if conflicts:
        raise MentorkitError("pages clash; nothing was built", conflicts)
    with timings.stage("privacy"), paused_collector():
        found = (
            privacy.LazyMatcher(functools.partial(matcher, site)) if matcher else privacy.Matcher(privacy.secrets(site))
        )
        leaks = privacy.scan_texts(docs.items(), found, clean)
    leaks = errors(checked_problems or []) + leaks
    if leaks:
        raise WouldLeak("private data would be published; nothing was built", leaks, found.found)
    return Documents(site, figures, docs, navigation, found)


def build(options: BuildOptions, timings: Timings | None = None) -> BuildResult:
    timings = timings or Timings()
    root = options.root.resolve()
    disk = DiskCache.open(cache_dir(root, options.cache_dir)) if options.cache else None
    kept = Kept(disk)
    site, problems = cached_check(root, timings, disk, checked_site, kept)
    compute = CachedFigures(disk).compute if disk else stats.compute
    clean, pages = typed_cache.cleans(kept) if disk else (None, None)  # what the last build's scans passed
    rendered = documents(
        site,
        timings,
        with_pdfs=options.pdf,
        compute=compute,
        checked_problems=problems,
        matcher=functools.partial(typed_cache.full_matcher, kept) if disk else None,
        clean=clean,
    )
    docs, navigation, found, figures = rendered.docs, rendered.navigation, rendered.matcher, rendered.figures

    generator = GENERATORS[options.generator]
    output = options.output
    work = work_folder(output, root)  # refuses an output that is content or a repository
    try:
        with timings.stage("stage"):
            config = stage(site, docs, navigation, work, work / "site")
        if options.pdf:
            with timings.stage("pdf"):
                make_pdfs(site, work, found, figures, disk, clean)
        with timings.stage("site build"):
            generator.build(config)
            crawlers.drop_empty_sitemap(work / "site")  # no site.url: it would list no page
        with timings.stage("privacy"):
            leaks = _scan_built_site(root, work / "site", found, disk, clean)
        if leaks:
            raise MentorkitError("private data reached the built site; nothing was published", leaks)
        with timings.stage("privacy"):
            scripts = html_gate.scan_pages(work / "site", theme_folders(), pages)
        if scripts:
            raise MentorkitError(
                "the built site would run script the theme did not write; nothing was published", scripts
            )
        csp.add_policy(work / "site", theme_folders())
        with timings.stage("swap"):
            swap_in(work / "site", output)
        typed_cache.keep_cleans(kept, clean, pages)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    warnings = [p for p in problems if p.severity == "warning"] + cms.bundle_problems(root)
    return BuildResult(site, output, len(docs), warnings, timings)


def _scan_built_site(
    root: Path, site_dir: Path, found: privacy.Matcher, disk: DiskCache | None, clean: privacy.Clean | None
) -> list[Problem]:
    bundle = cms.bundle_dir(root)
    vendor = [bundle] if bundle else []
    if disk is None:
        return privacy.scan_site(site_dir, found, vendor=vendor)
    read_pdf = CachedPdfTexts(disk)  # unchanged PDFs' text from the cache; searched again only if it changed
    leaks = privacy.scan_site(site_dir, found, vendor=vendor, read_pdf=read_pdf, clean=clean)
    read_pdf.prune()
    return leaks


def stage(site: CheckedSite, docs: dict[str, str], navigation: list[Any], work: Path, site_dir: Path) -> Path:
    """Write the Markdown, assets, theme overrides and generated mkdocs.yml into ``work``.

    Only files whose text changed are rewritten, so a generator watching the
    folder (``serve``) rebuilds only what an edit touched.
    """
    root = site.root
    docs_dir = work / "docs"
    for rel, text in docs.items():
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for old in docs_dir.rglob("*.md"):
        if old.relative_to(docs_dir).as_posix() not in docs:
            old.unlink()
    publish_assets(root, docs_dir)
    crawlers.write_robots(docs_dir, site.programme.site.url)
    cms.copy_bundle(root, docs_dir / cms.ADMIN)  # the form editor's program, when installed
    return write_config(
        load_base_config(root),
        work,
        docs=docs_dir,
        site_dir=site_dir,
        overrides=stage_overrides(root, work / "overrides"),
        nav=navigation,
        extra={
            "example_data": site.programme.site.example_data,
            "programme": site.programme.short_name,
            "print_header": printables.css_string(site.programme.name),
            **brand.extra(site.programme),
            "edit_base": cms.edit_base(root),  # "Edit this page" (site_overrides/partials/actions.html)
        },
        site_name=site.programme.name,
        site_url=site.programme.site.url,
        language=site.programme.site.language,
        theme_settings=brand.theme(site.programme),
        stylesheets=[brand.STYLESHEET] if site.programme.site.colours else None,
    )


def make_pdfs(
    site: CheckedSite,
    work: Path,
    found: list[privacy.Secret] | privacy.Matcher,
    figures: dict[str, Any] | None = None,
    disk: DiskCache | None = None,
    clean: privacy.Clean | None = None,
) -> None:
    """Render the printed documents into the staged docs folder, where the site
    generator checks the pages' links to them and copies them into the site."""
    docs_dir = work / "docs"
    # The annual reports embed the charts render_docs staged, so docs_dir is their base.
    documents = printables.plan(site) + (report_pdfs.plan(site, figures) if figures else [])
    html = printables.render_html(site, documents, docs_dir)
    leaks = privacy.scan_texts(html.items(), found, clean)
    if leaks:
        raise MentorkitError("private data would be printed; nothing was built", leaks)
    stylesheet = work / "overrides" / pdf.STYLESHEET
    if disk is None:
        pdf.write(pdf.render(html, stylesheet, docs_dir), docs_dir)
    else:
        pdf.write(pdf_cache.render(disk, html, stylesheet, docs_dir), docs_dir)


def theme_folders() -> list[Path]:
    """Where the theme's own templates are: what the HTML gate trusts."""
    import importlib.util

    import material

    folders = [Path(material.__file__).parent / "templates", paths.default_overrides(), paths.PACKAGE / "templates"]
    zensical = importlib.util.find_spec("zensical")  # Zensical ships its own copy of the theme
    if zensical and zensical.origin:
        folders.append(Path(zensical.origin).parent / "templates")
    return folders
