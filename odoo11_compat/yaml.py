"""``yaml.load`` without a ``Loader`` for Odoo 11's YAML data files.

PyYAML 6 (the first to build on Python 3.11 without pinning Cython 2) made
``Loader`` a required argument. Odoo 11 loads its own trusted test and demo
``.yml`` files with ``yaml.load(text)`` after registering its tags on the
default loaders, so its ``yaml_import`` module gets a ``yaml`` whose
``load`` defaults to ``yaml.Loader``.
"""
import types

import yaml as _yaml


def _load(stream, Loader=_yaml.Loader):
    return _yaml.load(stream, Loader=Loader)


def patch(module):
    wrapper = types.ModuleType("yaml")
    wrapper.__dict__.update(
        {k: v for k, v in vars(_yaml).items() if not k.startswith("__")}
    )
    wrapper.load = _load
    module.yaml = wrapper
