"""Bench: 200 proforma invoices rendered to PDF through the real task (context → Django template → WeasyPrint →
private storage → ready), a quarter each in English, Russian, Japanese and Chinese, 3 vehicles each.

The papers are asked for as an order would ask (``document_request``, untimed; nothing is sent to a broker),
then each is rendered by calling the task in this process, timed one by one. The first render (fontconfig
reading the fonts, templates compiled) is reported apart as ``first_ms``. Prints:

``{"bench": "documents", "docs", "per_doc_ms", "p95_ms", "bytes_per_doc", "cpu_ms_per_doc", "first_ms",
"ms_by_language", "bytes_by_language"}`` (``cpu_ms_per_doc``: this process's CPU time, which a busy machine's
other work does not inflate as it does the wall-clock figures)

Target: per_doc_ms <= 500, aim 150.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import setup_bench_database  # noqa: E402

DOCS = 200
LANGUAGES = {
    "en": ("Vostok Auto LLC", "Vostok Auto LLC", "Same as consignee"),
    "ru": ("ООО «Восток Авто»", "Иванов Пётр Сергеевич", "ООО «Приморский таможенный брокер»"),
    "ja": ("株式会社サクラ貿易", "トヨタ・ヤマダ商会", "ヤマダ タロウ"),
    "zh-hans": ("霍尔果斯丝路汽车贸易有限公司", "新疆丝路进出口有限公司", "王小明"),
}


def main() -> None:
    setup_bench_database("bench_documents")
    from django.db import transaction

    from accounts.models import BuyerCompany
    from documents import registry, samples, tasks
    from documents.models import Document
    from documents.services import document_request

    def proforma(owner):
        return samples.sample_context("proforma_invoice", lines=3, buyer_name=owner.name,
                                      consignee_name=owner.consignee_name, notify_name=owner.notify_party)

    registry.register("proforma_invoice", series="PI", template="papers/proforma_invoice.html", context=proforma,
                      title=registry.TITLES["proforma_invoice"])
    languages = list(LANGUAGES)
    documents = []
    with mock.patch("core.outbox.outbox_send"):  # owed, not sent: this process renders them
        for index in range(DOCS + 1):
            language = languages[index % len(languages)]
            name, consignee, notify = LANGUAGES[language]
            with transaction.atomic():
                owner = BuyerCompany.objects.create(name=name, country="RU", city="Vladivostok",
                                                    consignee_name=consignee, notify_party=notify)
                documents.append(document_request(owner=owner, kind="proforma_invoice", language=language))

    timings: dict[str, list[float]] = {language: [] for language in languages}
    started = time.perf_counter()
    tasks.document_render(documents[0].pk)
    first_ms = (time.perf_counter() - started) * 1000
    cpu_started = time.process_time()
    for document in documents[1:]:
        started = time.perf_counter()
        tasks.document_render(document.pk)
        timings[document.language].append((time.perf_counter() - started) * 1000)

    cpu_ms = (time.process_time() - cpu_started) * 1000 / DOCS
    rendered = {row.pk: row for row in Document.objects.filter(pk__in=[d.pk for d in documents[1:]])}
    failed = [row.number for row in rendered.values() if row.status != "ready"]
    if failed:
        raise SystemExit(f"not rendered: {failed[:5]}")
    sizes = {language: [row.size for row in rendered.values() if row.language == language] for language in languages}
    everything = [ms for values in timings.values() for ms in values]
    print(json.dumps({
        "bench": "documents",
        "docs": len(everything),
        "per_doc_ms": round(statistics.fmean(everything), 1),
        "p95_ms": round(statistics.quantiles(everything, n=20)[-1], 1),
        "bytes_per_doc": round(statistics.fmean([size for values in sizes.values() for size in values])),
        "cpu_ms_per_doc": round(cpu_ms, 1),
        "first_ms": round(first_ms, 1),
        "ms_by_language": {language: round(statistics.fmean(values), 1) for language, values in timings.items()},
        "bytes_by_language": {language: round(statistics.fmean(values)) for language, values in sizes.items()},
    }))


if __name__ == "__main__":
    main()
