odoo.define('crm_customer360.price_popover', function (require) {
"use strict";

/**
 * The price popover of a quotation line: an icon on the line that opens, in
 * one click and one RPC (sale.order.line.customer360_price_info), what this
 * customer paid before for the product and its category, the tier price
 * and usual discount (crm_loyalty), colleagues' open quotes and the margin.
 */

var AbstractField = require('web.AbstractField');
var core = require('web.core');
var config = require('web.config');
var fieldRegistry = require('web.field_registry');
var field_utils = require('web.field_utils');

var QWeb = core.qweb;
var _t = core._t;

function manyId(value) {
    return (value && value.data && value.data.id) || false;
}

var PriceInfo = AbstractField.extend({
    className: 'o_c360_price_info',
    supportedFieldTypes: ['boolean'],
    events: {
        'click': '_onClick',
    },

    /**
     * @override: the icon is shown in read and edit mode alike.
     */
    isSet: function () {
        return true;
    },
    destroy: function () {
        this._closePopover();
        this._super.apply(this, arguments);
    },

    _render: function () {
        this.$el.empty();
        if (!this.record.data.product_id) {
            return;
        }
        $('<a href="#" role="button" class="fa fa-line-chart o_c360_price_icon"/>')
            .attr('title', _t("Customer prices")).attr('aria-label', _t("Customer prices"))
            .appendTo(this.$el);
    },

    /**
     * The quotation holding this line: the one2many field widget's record.
     */
    _orderRecord: function () {
        var parent = this.getParent();
        while (parent) {
            if (parent.record && parent.record.model === 'sale.order') {
                return parent.record;
            }
            parent = parent.getParent && parent.getParent();
        }
        return null;
    },
    _values: function () {
        var data = this.record.data;
        var values = {product_id: manyId(data.product_id)};
        // Only what this view holds (the phone's kanban has no discount):
        // the server keeps the saved line's value for the rest.
        _.each(['price_unit', 'discount', 'product_uom_qty'], function (name) {
            if (name in data) {
                values[name] = data[name] || 0;
            }
        });
        var order = this._orderRecord();
        if (order) {
            if (typeof order.res_id === 'number') {
                values.order_id = order.res_id;
            }
            values.partner_id = manyId(order.data.partner_id);
            values.pricelist_id = manyId(order.data.pricelist_id);
            values.company_id = manyId(order.data.company_id);
        }
        return values;
    },
    _format: function (value) {
        return field_utils.format.float(value, {digits: [16, 2]});
    },
    _closePopover: function () {
        if (this.$popoverAnchor) {
            this.$popoverAnchor.popover('destroy');
            this.$popoverAnchor = null;
        }
        $(document).off('click.o_c360_price');
    },
    _showPopover: function (html) {
        var self = this;
        this._closePopover();
        var $anchor = this.$('.o_c360_price_icon');
        this.$popoverAnchor = $anchor;
        $anchor.popover({
            html: true,
            content: html,
            title: _t("Customer prices"),
            placement: config.device.isMobile ? 'auto bottom' : 'auto left',
            trigger: 'manual',
            container: 'body',
            template: '<div class="popover o_c360_price_popover" role="tooltip">' +
                '<div class="arrow"></div><h3 class="popover-title"></h3>' +
                '<div class="popover-content"></div></div>',
        }).popover('show');
        // A click anywhere else closes it.
        setTimeout(function () {
            $(document).on('click.o_c360_price', function (ev) {
                if (!$(ev.target).closest('.o_c360_price_popover').length) {
                    self._closePopover();
                }
            });
        }, 0);
    },

    _onClick: function (ev) {
        // Neither open the line nor start editing it.
        ev.preventDefault();
        ev.stopPropagation();
        if (!$(ev.target).hasClass('o_c360_price_icon')) {
            return;
        }
        if (this.$popoverAnchor) {
            this._closePopover();
            return;
        }
        var self = this;
        var lineId = typeof this.record.res_id === 'number' ? this.record.res_id : false;
        this._rpc({
            model: 'sale.order.line',
            method: 'customer360_price_info',
            args: [],
            kwargs: {line_id: lineId, values: this._values()},
        }).then(function (info) {
            self._showPopover(QWeb.render('crm_customer360.PricePopover', {
                info: info, format: self._format.bind(self)}));
        }).fail(function (error, event) {
            // A UserError (bad input) is shown in the popover, not a dialog.
            if (error && error.data && event) {
                event.preventDefault();
                self._showPopover(QWeb.render('crm_customer360.PricePopoverError', {
                    message: error.data.message}));
            }
        });
    },
});

fieldRegistry.add('customer360_price_info', PriceInfo);

return PriceInfo;
});
