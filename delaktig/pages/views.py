"""The site's own pages as the public reads them: the published version only."""

from django.shortcuts import render

from .queries import listed_pages, published_page


def page(request, slug):
    found = published_page(request.user, slug)
    return render(request, "pages/page.html", {"page": found, "version": found.published})


def index(request):
    return render(request, "pages/index.html", {"pages": listed_pages()})
