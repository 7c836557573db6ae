"""``getchildren()`` for the ``xml.etree`` elements of the web client.

Python 3.9 removed ``Element.getchildren()`` (bpo-36543). Odoo 11's web
controller (``concat_xml``, which serves the QWeb templates of the web client)
still calls it on trees from ``xml.etree.ElementTree.parse``. The controller's
``ElementTree`` name gets a wrapper whose ``parse`` builds elements that have
the method; everything else is the standard module.
"""
import types
from xml.etree import ElementTree


class Element(ElementTree.Element):
    def getchildren(self):
        return list(self)


def _parse(source, parser=None):
    if parser is None:
        parser = ElementTree.XMLParser(target=ElementTree.TreeBuilder(element_factory=Element))
    return ElementTree.parse(source, parser)


def _module():
    wrapper = types.ModuleType("xml.etree.ElementTree")
    wrapper.__dict__.update(
        {k: v for k, v in vars(ElementTree).items() if not k.startswith("__")}
    )
    wrapper.parse = _parse
    return wrapper


def patch(module):
    module.ElementTree = _module()
