"""The analyst's workbench: a web app and a JSON API over the claim store.

``claimgraph serve`` runs :func:`claimgraph.present.web.app.create_app` under uvicorn.
Everything the pages need (scripts, styles, country outlines) is served from the package
itself; nothing comes from the network.
"""
