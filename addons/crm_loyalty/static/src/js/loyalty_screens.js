odoo.define('crm_loyalty.screens', function (require) {
"use strict";

/**
 * Two loyalty screens a manager looks at rather than reads:
 *
 * - crm_loyalty.value_matrix: the value x loyalty 2 x 2 matrix of the
 *   current company, each quadrant with its name, customers, revenue,
 *   margin, profit (and predicted CLV once the customer value model is
 *   there), its recommended action and one click to its customers, to a
 *   to-do per customer or to a mailing list
 *   (crm.loyalty.membership.get_value_matrix_data / action_value_matrix);
 * - crm_loyalty.pareto: the cumulative Pareto curve of the current company,
 *   share of customers against share of revenue and of profit, with the
 *   80 % line (crm.loyalty.pareto.report.get_pareto_data).
 *
 * Charts are plain SVG: nothing beyond what the web client ships.
 */

var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var field_utils = require('web.field_utils');
var session = require('web.session');
var Widget = require('web.Widget');

var QWeb = core.qweb;
var _t = core._t;

/**
 * An amount in the company currency, without decimals.
 *
 * @param {number} value
 * @param {Object} currency {symbol, position}
 * @returns {string}
 */
function formatAmount(value, currency) {
    var text = field_utils.format.float(Math.abs(value), null, {digits: [16, 0]});
    if (value < 0) {
        text = '-' + text;
    }
    if (currency && currency.symbol) {
        return currency.position === 'before' ?
            currency.symbol + '\u00a0' + text : text + '\u00a0' + currency.symbol;
    }
    return text;
}

/**
 * A share in %.
 *
 * @param {number} value
 * @param {number} digits
 * @returns {string}
 */
function formatPct(value, digits) {
    return field_utils.format.float(value, null, {digits: [16, digits || 0]}) + '\u00a0%';
}

/**
 * The SVG Pareto chart: x the share of customers ranked by revenue, y the
 * cumulative share of revenue and of profit, the 80 % line and % ticks
 * every 20 (the legend is HTML, under it). Drawn at the width of its
 * container, so that the text keeps its size on a phone.
 *
 * @param {Array[]} points [x, revenue share, profit share or false]
 * @param {number} width of the container in pixels
 * @returns {string} SVG markup
 */
function paretoChart(points, width) {
    var W = Math.round(Math.max(320, Math.min(900, width || 640)));
    var H = Math.round(Math.max(280, Math.min(440, W * 0.6)));
    var left = 56, right = 16, top = 16, bottom = 48;
    var esc = _.escape;
    var profits = _.filter(_.pluck(points, 2), function (v) { return v !== false; });
    var ymin = Math.min(0, Math.floor(_.min(profits.concat([0])) / 20) * 20);
    var ymax = Math.max(100, Math.ceil(_.max(profits.concat([100])) / 20) * 20);
    var x = function (v) { return left + (W - left - right) * v / 100; };
    var y = function (v) { return top + (H - top - bottom) * (1 - (v - ymin) / (ymax - ymin)); };
    var svg = ['<svg class="o_loyalty_pareto_svg" viewBox="0 0 ' + W + ' ' + H + '" role="img" ' +
               'preserveAspectRatio="xMidYMid meet" aria-label="' +
               esc(_t("Pareto: cumulative share of revenue and profit by share of customers")) + '">'];
    var tick;
    for (tick = ymin; tick <= ymax; tick += 20) {
        svg.push('<line class="o_loyalty_pareto_grid" x1="' + left + '" x2="' + (W - right) +
                 '" y1="' + y(tick).toFixed(1) + '" y2="' + y(tick).toFixed(1) + '"/>');
        svg.push('<text class="o_loyalty_pareto_tick o_loyalty_pareto_ytick" x="' + (left - 6) +
                 '" y="' + (y(tick) + 4).toFixed(1) + '" text-anchor="end">' + tick + '%</text>');
    }
    for (tick = 0; tick <= 100; tick += 20) {
        svg.push('<line class="o_loyalty_pareto_grid" y1="' + top + '" y2="' + y(ymin).toFixed(1) +
                 '" x1="' + x(tick).toFixed(1) + '" x2="' + x(tick).toFixed(1) + '"/>');
        svg.push('<text class="o_loyalty_pareto_tick o_loyalty_pareto_xtick" x="' + x(tick).toFixed(1) +
                 '" y="' + (y(ymin) + 16).toFixed(1) + '" text-anchor="middle">' + tick + '%</text>');
    }
    svg.push('<line class="o_loyalty_pareto_axis" x1="' + left + '" x2="' + (W - right) + '" y1="' +
             y(0).toFixed(1) + '" y2="' + y(0).toFixed(1) + '"/>');
    svg.push('<line class="o_loyalty_pareto_axis" x1="' + left + '" x2="' + left + '" y1="' + top +
             '" y2="' + y(ymin).toFixed(1) + '"/>');
    // the 80 % line
    svg.push('<line class="o_loyalty_pareto_80" x1="' + left + '" x2="' + (W - right) + '" y1="' +
             y(80).toFixed(1) + '" y2="' + y(80).toFixed(1) + '"/>');
    svg.push('<text class="o_loyalty_pareto_80_label" x="' + (W - right - 4) + '" y="' +
             (y(80) - 5).toFixed(1) + '" text-anchor="end">' +
             esc(_.str.sprintf(_t("%s line"), '80\u00a0%')) + '</text>');
    // the equality diagonal: every customer bringing the same
    svg.push('<line class="o_loyalty_pareto_even" x1="' + x(0) + '" y1="' + y(0).toFixed(1) +
             '" x2="' + x(100) + '" y2="' + y(100).toFixed(1) + '"/>');
    var line = function (index, cls) {
        var pts = _.filter(points, function (p) { return p[index] !== false; });
        if (pts.length < 2) {
            return '';
        }
        return '<polyline class="' + cls + '" points="' + _.map(pts, function (p) {
            return x(p[0]).toFixed(1) + ',' + y(p[index]).toFixed(1);
        }).join(' ') + '"/>';
    };
    svg.push(line(2, 'o_loyalty_pareto_profit'));
    svg.push(line(1, 'o_loyalty_pareto_revenue'));
    // axis titles
    svg.push('<text class="o_loyalty_pareto_title" x="' + ((left + W - right) / 2) + '" y="' +
             (y(ymin) + 36).toFixed(1) + '" text-anchor="middle">' +
             esc(_t("Share of customers, largest revenue first")) + '</text>');
    svg.push('<text class="o_loyalty_pareto_title" transform="rotate(-90)" x="' +
             (-(top + y(ymin)) / 2).toFixed(1) + '" y="14" text-anchor="middle">' +
             esc(_t("Cumulative share")) + '</text>');
    svg.push('</svg>');
    return svg.join('');
}

/**
 * Common part of the two screens: one RPC on load, the breadcrumbs in the
 * control panel, the content rendered from the data.
 */
var LoyaltyScreen = Widget.extend(ControlPanelMixin, {
    xmlDependencies: ['/crm_loyalty/static/src/xml/loyalty_screens.xml'],

    /**
     * @override
     * @param {Widget} parent the action manager
     * @param {Object} action the client action
     */
    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action = action;
        this.action_manager = parent;
        this.data = null;
    },
    /**
     * @override
     */
    willStart: function () {
        return $.when(this._super.apply(this, arguments), this._load());
    },
    /**
     * @override
     */
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            self._updateControlPanel();
            self._render();
        });
    },
    /**
     * Back through the breadcrumbs: figures reloaded (a bulk action may
     * have changed nothing, but the customers may have been recomputed).
     *
     * @override
     */
    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
    },
    /**
     * On a phone, the app's left sub-menu would leave the screen too
     * narrow: the LESS hides it while a loyalty screen is shown.
     *
     * @override
     */
    on_attach_callback: function () {
        $('body').addClass('o_loyalty_screen_shown');
    },
    /**
     * @override
     */
    on_detach_callback: function () {
        $('body').removeClass('o_loyalty_screen_shown');
    },
    /**
     * @override
     */
    destroy: function () {
        $('body').removeClass('o_loyalty_screen_shown');
        this._super.apply(this, arguments);
    },
    /**
     * @private
     * @returns {Deferred}
     */
    _load: function () {
        var self = this;
        return this._rpc({
            model: this.model,
            method: this.method,
            args: [],
            kwargs: {context: session.user_context},
        }).then(function (data) {
            self.data = data;
        });
    },
    /**
     * @private
     */
    _render: function () {},
    /**
     * @private
     */
    _updateControlPanel: function () {
        this.update_control_panel({
            breadcrumbs: this.action_manager.get_breadcrumbs(),
            cp_content: {},
        }, {clear: true});
    },
});

var ValueMatrix = LoyaltyScreen.extend({
    template: 'crm_loyalty.ValueMatrix',
    model: 'crm.loyalty.membership',
    method: 'get_value_matrix_data',
    events: {
        'click .o_loyalty_quadrant_open': '_onOpen',
        'click .o_loyalty_quadrant_activity': '_onActivity',
        'click .o_loyalty_quadrant_mailing': '_onMailing',
        'click .o_loyalty_matrix_list': '_onOpenList',
    },

    /**
     * @private
     */
    _render: function () {
        var data = this.data;
        var total = data.total;
        var fmt = function (v) { return formatAmount(v, data.currency); };
        var quadrants = {};
        _.each(data.quadrants, function (q) {
            quadrants[q.code] = _.extend({}, q, {
                shareText: total.count ? formatPct(100 * q.count / total.count) : '',
                revenueText: fmt(q.revenue),
                revenueShare: total.revenue ? formatPct(100 * q.revenue / total.revenue) : '',
                profitText: fmt(q.profit),
                profitShare: total.profit > 0 ? formatPct(100 * q.profit / total.profit) : '',
                marginText: fmt(q.margin),
                clvText: q.predicted_clv === false ? '' : fmt(q.predicted_clv),
            });
        });
        this.$('.o_loyalty_matrix_content').html(QWeb.render('crm_loyalty.ValueMatrixContent', {
            data: data,
            q: quadrants,
            totalText: _.str.sprintf(_t("%s customers, %s revenue, %s profit"),
                total.count, fmt(total.revenue), fmt(total.profit)),
        }));
    },
    /**
     * @private
     * @param {Event} ev
     * @returns {string} the quadrant code of the clicked element
     */
    _quadrant: function (ev) {
        return $(ev.currentTarget).closest('.o_loyalty_quadrant').data('quadrant');
    },
    /**
     * @private
     * @param {string} quadrant
     * @param {string} kind list, activity or mailing
     * @returns {Deferred}
     */
    _call: function (quadrant, kind) {
        return this._rpc({
            model: 'crm.loyalty.membership',
            method: 'action_value_matrix',
            args: [quadrant, kind],
            kwargs: {context: session.user_context},
        });
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    /**
     * @private
     * @param {MouseEvent} ev
     */
    _onOpen: function (ev) {
        ev.preventDefault();
        var self = this;
        this._call(this._quadrant(ev), 'list').then(function (action) {
            self.do_action(action);
        });
    },
    /**
     * @private
     * @param {MouseEvent} ev
     */
    _onMailing: function (ev) {
        ev.preventDefault();
        var self = this;
        this._call(this._quadrant(ev), 'mailing').then(function (action) {
            self.do_action(action);
        });
    },
    /**
     * @private
     * @param {MouseEvent} ev
     */
    _onActivity: function (ev) {
        ev.preventDefault();
        var self = this;
        this._call(this._quadrant(ev), 'activity').then(function (count) {
            self.do_notify(_t("Recommended action scheduled"),
                _.str.sprintf(_t("A to-do for each of the %s customers, unless one is already open."),
                              count));
        });
    },
    /**
     * @private
     * @param {MouseEvent} ev
     */
    _onOpenList: function (ev) {
        ev.preventDefault();
        this.do_action('crm_loyalty.res_partner_action_value_loyalty');
    },
});

var Pareto = LoyaltyScreen.extend({
    template: 'crm_loyalty.Pareto',
    model: 'crm.loyalty.pareto.report',
    method: 'get_pareto_data',
    events: {
        'click .o_loyalty_pareto_list': '_onOpenList',
    },

    /**
     * @override
     */
    start: function () {
        this._onResize = _.debounce(this._renderChart.bind(this), 100);
        $(window).on('resize', this._onResize);
        return this._super.apply(this, arguments);
    },
    /**
     * @override
     */
    destroy: function () {
        $(window).off('resize', this._onResize);
        this._super.apply(this, arguments);
    },
    /**
     * Drawn again once in the page (its width is known only then) and
     * whenever the window changes size.
     *
     * @override
     */
    on_attach_callback: function () {
        this._super.apply(this, arguments);
        this._renderChart();
    },
    /**
     * @private
     */
    _render: function () {
        var data = this.data;
        var top = data.top;
        var headline = '';
        if (top.revenue_share !== false) {
            headline = _.str.sprintf(_t("The top %s of customers bring %s of revenue"),
                formatPct(top.pct), formatPct(top.revenue_share));
            if (top.profit_share !== false) {
                headline = _.str.sprintf(_t("The top %s of customers bring %s of revenue and %s of profit"),
                    formatPct(top.pct), formatPct(top.revenue_share), formatPct(top.profit_share));
            }
        }
        this.$('.o_loyalty_pareto_content').html(QWeb.render('crm_loyalty.ParetoContent', {
            data: data,
            headline: headline,
            line80: _.str.sprintf(_t("%s line"), '80\u00a0%'),
            hasProfit: _.some(data.points, function (p) { return p[2] !== false; }),
            countText: _.str.sprintf(_t("%s customers with revenue in the window, %s."),
                data.customer_count, data.company),
        }));
        this._renderChart();
    },
    /**
     * The chart at the width of its container (known once in the page).
     *
     * @private
     */
    _renderChart: function () {
        if (this.isDestroyed()) {
            return;
        }
        var $chart = this.$('.o_loyalty_pareto_chart');
        if ($chart.length && this.data.points.length) {
            // not in the page yet: the window's width, less the margins
            var width = $chart.width() || $(window).width() - 32;
            $chart.html(paretoChart(this.data.points, width));
        }
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    /**
     * @private
     * @param {MouseEvent} ev
     */
    _onOpenList: function (ev) {
        ev.preventDefault();
        this.do_action('crm_loyalty.crm_loyalty_pareto_report_action');
    },
});

core.action_registry.add('crm_loyalty.value_matrix', ValueMatrix);
core.action_registry.add('crm_loyalty.pareto', Pareto);

return {
    ValueMatrix: ValueMatrix,
    Pareto: Pareto,
    paretoChart: paretoChart,
};

});
